from __future__ import annotations

import pytest

from tests.report.messy import make_messy_corpus


@pytest.fixture(scope="session")
def messy_output(tmp_path_factory):
    """A built corpus with masks, a linked duplicate, flags and rejects of several reasons."""
    return make_messy_corpus(tmp_path_factory.mktemp("messy"))
