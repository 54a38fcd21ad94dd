"""bench/devset_eval.py builds a labelled folder with this checkout and prints the folder's own scorer's figures."""

from __future__ import annotations

import json

from bench.devset_eval import main

ARTICLE = """Menu
Home
Local
Sport

Harbour ferry to leave earlier in winter

The regional council approved the new ferry timetable on Tuesday after three months of talks with the island
communities, who had asked for an earlier first crossing in winter and more boats on Friday evenings.

Under the plan, the first boat will leave the harbour at half past six, and two extra evening crossings will run
on Fridays from October until the end of March, the operator said in a statement after the vote.

Share this article
"""

# A scorer with the interface of the dev set's score.py: it reads the build's rows and compares one field.
SCORER = '''
import glob, os
import pyarrow.parquet as pq

def score(out, labels_path, masked=None, show=None):
    rows = [r for f in glob.glob(os.path.join(out, "data", "**", "*.parquet"), recursive=True)
            for r in pq.read_table(f).to_pylist()]
    kept = sum("Share this article" not in (r["text"] or "") for r in rows)
    return {"rows": len(rows), "boilerplate_removed": kept / max(1, len(rows))}, {"boilerplate": ["d1: ok"]}
'''


def test_builds_the_folder_and_prints_its_scorers_figures(tmp_path, capsys):
    devset = tmp_path / "devset"
    (devset / "docs").mkdir(parents=True)
    (devset / "docs" / "d1.txt").write_text(ARTICLE, encoding="utf-8")
    (devset / "labels.jsonl").write_text(json.dumps({"id": "d1"}) + "\n", encoding="utf-8")
    (devset / "score.py").write_text(SCORER, encoding="utf-8")
    assert main([str(devset), "--keep", str(tmp_path / "out"), "--show", "boilerplate"]) == 0
    out = capsys.readouterr().out
    assert "rows                     1" in out
    assert "boilerplate_removed      1.0" in out
    assert "docs/s" in out and "d1: ok" in out
