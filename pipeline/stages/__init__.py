"""Per-document stages, in the order they run.

The order matters and is fixed: header and boilerplate lines come out before
the body is examined; language is known before English-only repairs; masks are
the last stage that rewrites `text`, so their spans are final; quality reads
the finished document.
"""

from __future__ import annotations

from pipeline.recipe import Recipe
from pipeline.stages.apostrophe import ApostropheStage
from pipeline.stages.base import Stage
from pipeline.stages.boilerplate import BoilerplateStage
from pipeline.stages.headers import HeadersStage
from pipeline.stages.language import LanguageStage
from pipeline.stages.masks import MasksStage
from pipeline.stages.quality import QualityStage
from pipeline.stages.structure import StructureStage
from pipeline.stages.subtitle import SubtitleStage
from pipeline.stages.unicode import UnicodeStage

ORDER: tuple[type[Stage], ...] = (
    UnicodeStage,
    HeadersStage,
    BoilerplateStage,
    SubtitleStage,
    StructureStage,
    LanguageStage,
    ApostropheStage,
    MasksStage,
    QualityStage,
)


def build_stages(recipe: Recipe) -> list[Stage]:
    """Fresh stages (counters at zero), the enabled ones in order, as the recipe's settings configure them."""
    return [s.make() for s in recipe.settings.stages if s.enabled]
