import json
import random

import pyarrow.parquet as pq
import pytest

from pipeline.build import build
from pipeline.executors import LocalExecutor
from pipeline.passes.dedup import find_duplicates
from pipeline.passes.minhash.params import dedup_settings
from pipeline.recipe import load_recipe
from tests.passes.articles import (CLUTTERED, FOLLOW_UP, OTHER_AGENCY, OTHER_PORT, REWRITE, SR_CYRILLIC, SR_LATIN,
                                   TRUNCATED, WIRE, article, brief, market_report, match_report,
                                   write_signatures)

NEWS = dedup_settings({"preset": "news"})


def clusters(dup_of: dict[str, str], docs) -> set[frozenset[str]]:
    """Predicted clusters of two or more, as sets of the fixture names."""
    name = {d.id: key for key, d in docs.items()}
    groups: dict[str, set[str]] = {}
    for doc_id, canonical in dup_of.items():
        groups.setdefault(canonical, {name[canonical]}).add(name[doc_id])
    return {frozenset(g) for g in groups.values()}


def test_news_preset_links_syndicated_copies_and_not_stories_on_the_same_topic(tmp_path, story):
    files = write_signatures(tmp_path, [list(story.values())], NEWS)
    dup_of, sizes, stats = find_duplicates(files, NEWS, tmp_path / "dedup")
    assert clusters(dup_of, story) == {frozenset({"wire", "rewrite", "reordered"}), frozenset({"zh_wire", "zh_copy"})}
    # Same date for the wire and the rewrite: the rewrite has the more complete metadata.
    assert dup_of[story["wire"].id] == story["rewrite"].id and sizes[story["rewrite"].id] == 3
    assert dup_of[story["zh_copy"].id] == story["zh_wire"].id  # the earlier one
    assert stats["near"]["pairs_linked"] >= 3 and stats["exact_linked"] == 0


def test_default_settings_link_copies_by_their_sentences_and_not_stories_on_the_same_topic(tmp_path, story):
    settings = dedup_settings({})
    story["boilerplate"] = article(WIRE + "\n\nFollow us for more business news. Share this story.", "boilerplate")
    files = write_signatures(tmp_path, [list(story.values())], settings)
    dup_of, _, stats = find_duplicates(files, settings, tmp_path / "dedup")
    found = clusters(dup_of, story)
    # 5-word shingles at 0.8 keep the edited copy apart on the sketch; its shared sentences link it.
    assert frozenset({"wire", "boilerplate", "reordered", "rewrite"}) in found
    assert not any({"follow_up", "other_port"} & c for c in found)
    linked = {name: stats["kind_of"][d.id] for name, d in story.items() if d.id in stats["kind_of"]}
    assert set(linked.values()) <= {"exact", "near", "contained"} and len(linked) == len(dup_of)


def test_briefs_from_one_template_and_bare_headlines_stay_apart(tmp_path):
    rng = random.Random(5)
    places = ["Arden", "Belmor", "Calvi", "Dunmere", "Eskby", "Farrow", "Galt", "Hollin", "Ivel", "Jorvik"]
    docs = {}
    for i in range(40):
        docs[f"brief{i}"] = article(brief(rng.choice(places), rng.choice(["clear", "cloudy", "rainy"]),
                                          rng.randint(5, 30), rng.choice(["Monday", "Friday"]), rng.randint(-5, 10),
                                          rng.choice(["north", "west"]), rng.randint(5, 40)), f"brief{i}")
    docs["reprint"] = article(docs["brief0"].text.upper(), "reprint")
    for i, text in enumerate(["Port strike ends", "Port strike spreads", "Rain", "* * *", "* * *", "— —", ""]):
        docs[f"short{i}"] = article(text, f"short{i}")
    docs["same_headline"] = article("PORT STRIKE ENDS!", "same_headline")
    for settings in (NEWS, dedup_settings({})):
        files = write_signatures(tmp_path, [list(docs.values())], settings)
        dup_of, _, stats = find_duplicates(files, settings, tmp_path / "dedup")
        assert clusters(dup_of, docs) == {frozenset({"brief0", "reprint"}), frozenset({"short0", "same_headline"})}
        assert stats["near"]["too_short"] == len(docs)


def test_reports_from_one_template_with_other_facts_stay_apart_and_a_corrected_copy_is_linked(tmp_path):
    rng = random.Random(11)
    places = ["Arden", "Belmor", "Calvi", "Dunmere", "Eskby", "Farrow", "Galt", "Hollin", "Ivel", "Jorvik", "Kesh",
              "Lunde"]
    firms = ["Mills", "Steel", "Motors", "Foods", "Shipping", "Energy"]
    people = [f"{a} {b}" for a, b in zip(["Marcos", "Pablo", "Iker", "Luis", "Andrés", "Tomás"] * 4,
                                         ["Ibarra", "Quiroga", "Soto", "Prado"] * 6)]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

    def figure(top: int) -> str:
        return f"{rng.randint(1, top)}.{rng.randint(0, 99):02d}"

    docs = {}
    for i, place in enumerate(places):
        # Each report: its own market, firms, currency and figures; the frame of every sentence is the template's.
        other = places[(i + 5) % len(places)]
        docs[f"market{i}"] = article(market_report(
            place, days[i % 5], f"{place[0]}X {rng.randint(20, 60)}", figure(3),
            f"{rng.randint(1, 9)},{rng.randint(100, 999)}", f"{place} {firms[i % 6]}", figure(6),
            f"{other} {firms[(i + 1) % 6]}", figure(6), str(rng.randint(50, 900)), f"{place} crown", figure(20),
            figure(5)), f"market{i}")
        docs[f"match{i}"] = article(match_report(
            f"Deportivo {place}", f"Unión {other}", f"{rng.randint(1, 4)}-{rng.randint(0, 1)}", people[i],
            str(rng.randint(2, 90)), f"estadio {places[(i + 3) % 12]}", f"{rng.randint(5, 60)}.000",
            people[i + 12], ["primero", "quinto", "octavo", "décimo"][i % 4]), f"match{i}", lang="es")
    # An outlet's copy of one report with a figure corrected and a headline of its own.
    text = docs["market3"].text
    docs["corrected"] = article("Stocks close up\n\n" + text.replace(text.split()[4], "0.97", 1), "corrected")
    for settings in (NEWS, dedup_settings({})):
        files = write_signatures(tmp_path, [list(docs.values())[:13], list(docs.values())[13:]], settings)
        dup_of, _, _ = find_duplicates(files, settings, tmp_path / "dedup")
        assert clusters(dup_of, docs) == {frozenset({"market3", "corrected"})}


@pytest.mark.parametrize("workers", [1, 2])
def test_same_links_whatever_the_input_order_the_tasks_and_the_workers(tmp_path, story, workers):
    docs = list(story.values())
    baseline = find_duplicates(write_signatures(tmp_path / "a", [docs], NEWS), NEWS, tmp_path / "a" / "dedup")
    random.Random(workers).shuffle(docs)
    files = write_signatures(tmp_path / "b", [docs[:3], docs[3:5], docs[5:]], NEWS)
    shuffled = find_duplicates(files[::-1], NEWS, tmp_path / "b" / "dedup", LocalExecutor(workers), part_rows=50)
    assert shuffled[:2] == baseline[:2]
    assert shuffled[2]["near"]["partitions"] > 1


def test_exact_only_and_near_only(tmp_path, story):
    exact = dedup_settings({"near": False})
    docs = {**story, "verbatim": article(WIRE.replace("\n\n", "\n"), "verbatim")}
    dup_of, _, stats = find_duplicates(write_signatures(tmp_path / "e", [list(docs.values())], exact), exact,
                                       tmp_path / "e" / "dedup")
    assert clusters(dup_of, docs) == {frozenset({"wire", "verbatim"})} and "near" not in stats
    near = dedup_settings({"preset": "news", "exact": False})
    dup_of, _, stats = find_duplicates(write_signatures(tmp_path / "n", [list(docs.values())], near), near,
                                       tmp_path / "n" / "dedup")
    assert frozenset({"wire", "verbatim", "rewrite", "reordered"}) in clusters(dup_of, docs)
    assert "exact_linked" not in stats


def write_inputs(folder, texts: dict[str, str]) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")


def recipe_file(tmp_path, dedup: str):
    path = tmp_path / "corpus.toml"
    path.write_text(f'[corpus]\nname = "dups"\n\n[input]\npaths = ["in/*.txt"]\n\n[dedup]\n{dedup}\n', encoding="utf-8")
    return path


def test_build_drops_copies_lists_them_and_accounts_for_them(tmp_path):
    write_inputs(tmp_path / "in", {"a-wire.txt": WIRE, "b-rewrite.txt": REWRITE, "c-follow.txt": FOLLOW_UP,
                                   "d-other.txt": OTHER_PORT})
    result = build(load_recipe(recipe_file(tmp_path, 'preset = "news"\nmode = "drop"')))
    rows = [r for f in sorted((result.output / "data").rglob("*.parquet")) for r in pq.read_table(f).to_pylist()]
    listed = [json.loads(line) for line in (result.output / "duplicates.jsonl").read_text().splitlines()]
    assert len(rows) == 3 and len(listed) == 1
    kept = {r["id"]: r for r in rows}
    assert listed[0]["dup_of"] in kept and listed[0]["id"] not in kept
    assert kept[listed[0]["dup_of"]]["dup_cluster_size"] == 2
    stats = result.stats
    assert stats["duplicates_dropped"] == 1 and stats["accounting_ok"]
    assert stats["dedup"]["near"]["pairs_linked"] == 1


def test_incremental_build_checks_new_documents_against_the_stored_signatures(tmp_path):
    write_inputs(tmp_path / "in", {"a-wire.txt": WIRE, "c-follow.txt": FOLLOW_UP})
    recipe = load_recipe(recipe_file(tmp_path, 'preset = "news"'))
    first = build(recipe)
    stored = sorted((first.output / ".newscorpus").glob("*.signatures.parquet"))
    before = {p.name: p.stat().st_mtime_ns for p in stored}
    write_inputs(tmp_path / "in", {"b-rewrite.txt": REWRITE})
    second = build(recipe)
    assert second.tasks_run == 1
    assert {p.name: p.stat().st_mtime_ns for p in stored} == before  # the old signatures were reused
    rows = [r for f in sorted((second.output / "data").rglob("*.parquet")) for r in pq.read_table(f).to_pylist()]
    by_file = {r["source_path"]: r for r in rows}
    wire, rewrite = by_file["in/a-wire.txt"], by_file["in/b-rewrite.txt"]
    # Same date, so the rewrite (title, byline) is the more complete copy: the old row now points at it.
    assert (wire["dup_of"], rewrite["dup_of"], rewrite["dup_cluster_size"]) == (rewrite["id"], None, 2)
    assert by_file["in/c-follow.txt"]["dup_of"] is None


@pytest.mark.parametrize("preset", ["news", None])
def test_copies_in_clutter_cut_short_or_in_another_script_are_linked_and_other_agencies_are_not(tmp_path, preset):
    settings = dedup_settings({"preset": preset} if preset else {})
    docs = {
        "wire": article(WIRE, "wire", published="2024-06-04"),
        "cluttered": article(CLUTTERED, "cluttered", published="2024-06-04"),
        "truncated": article(TRUNCATED, "truncated", published="2024-06-05"),
        "other_agency": article(OTHER_AGENCY, "other_agency", published="2024-06-04"),
        "follow_up": article(FOLLOW_UP, "follow_up", published="2024-06-05"),
        "sr_cyrillic": article(SR_CYRILLIC, "sr_cyrillic", lang="sr", published="2024-05-14"),
        "sr_latin": article(SR_LATIN, "sr_latin", lang="hr", published="2024-05-15"),
    }
    files = write_signatures(tmp_path, [list(docs.values())[:4], list(docs.values())[4:]], settings)
    dup_of, sizes, stats = find_duplicates(files, settings, tmp_path / "dedup")
    assert clusters(dup_of, docs) == {frozenset({"wire", "cluttered", "truncated"}),
                                      frozenset({"sr_cyrillic", "sr_latin"})}
    kinds = {name: stats["kind_of"].get(d.id) for name, d in docs.items()}
    # The Latin copy's body is the Cyrillic one's word for word. The cut copy is half the story: word pairs
    # (news) still resemble it, 5-word shingles at 0.8 do not and it is found contained.
    assert kinds["sr_latin"] == "exact" and kinds["sr_cyrillic"] is None
    assert kinds["truncated"] == ("near" if preset else "contained")
    assert sum(stats["kinds"].values()) == len(dup_of) == 3
    assert sizes[docs["cluttered"].id] == 3  # same date as the wire, same metadata: the longer text
