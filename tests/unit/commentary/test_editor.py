import multiprocessing
import os
import stat

import pytest

import kpitools as kt
from kpitools.commentary.editor import CommentaryEditor, prune_history
from kpitools.commentary.editor_ui import commentary_widget


def _path(mini):
    return mini / "data" / "raw" / "commentary" / "demo" / "2023-24-Q2.md"


def test_scripted_session_edits_two_kpis_saves_and_reloads(mini):
    before = _path(mini).read_text()
    session = CommentaryEditor.open("demo", "2023-24 Q2", root=mini)
    assert session.kpis[:2] == ["library-users", "births"]
    session.set_commentary("births", "Births registered on time rose again.")
    session.set_actions("deaths", "Offer more appointments on Mondays.")
    assert "rose again" in session.preview("births")
    result = session.save()
    assert result.saved and result.backup.read_text() == before
    again = CommentaryEditor.open("demo", "2023-24 Q2", root=mini)
    assert again.commentary("births") == "Births registered on time rose again."
    assert again.actions("deaths") == "Offer more appointments on Mondays."
    # Every other section is byte for byte as it was.
    after = _path(mini).read_text()
    start = before.index("## coroner-cases")
    assert after[after.index("## coroner-cases") :] == before[start:]
    assert after[: after.index("## births")] == before[: before.index("## births")]
    # The saved file still loads and validates.
    assert kt.load(mini).commentary.shape[0] == 6


def test_conflicting_change_on_disk_is_refused_and_both_versions_kept(mini):
    session = CommentaryEditor.open("demo", "2023-24 Q2", root=mini)
    session.set_commentary("births", "My version.")
    other = CommentaryEditor.open("demo", "2023-24 Q2", root=mini)
    other.set_commentary("deaths", "Their version.")
    assert other.save().saved
    disk = _path(mini).read_text()
    result = session.save()
    assert not result.saved
    assert _path(mini).read_text() == disk  # nothing overwritten
    assert "Their version." in result.diff
    assert "My version." in result.mine.read_text()
    assert session.conflicts() == [result.mine]  # listed until resolved
    merged = session.merge()
    assert merged.saved and merged.conflicts == []
    final = CommentaryEditor.open("demo", "2023-24 Q2", root=mini)
    assert final.commentary("births") == "My version."
    assert final.commentary("deaths") == "Their version."


def test_both_sides_changing_one_section_is_a_conflict(mini):
    session = CommentaryEditor.open("demo", "2023-24 Q2", root=mini)
    session.set_commentary("births", "Mine.")
    other = CommentaryEditor.open("demo", "2023-24 Q2", root=mini)
    other.set_commentary("births", "Theirs.")
    other.save()
    result = session.merge()
    assert result.conflicts == ["births"]
    # Neither version is dropped: both are in the file, marked, and the build refuses it.
    text = _path(mini).read_text()
    assert "Mine." in text and "Theirs." in text and "<<<<<<< version of" in text
    assert "Mine." in result.mine.read_text()
    with pytest.raises(kt.DataError, match="unresolved merge conflict"):
        kt.load(mini)


def test_widget_builds(mini):
    session = CommentaryEditor.open("demo", "2023-24 Q2", root=mini)
    ui = commentary_widget(session)
    services = ui.children[-1]
    # Tabs by service, then by indicator number and name (not truncated ids).
    assert services.titles[0] == "Libraries"
    assert services.children[0].titles[0] == "36 Number of active library users"


def _all_text(mini) -> str:
    """Every version of the file anywhere: on disk, in history and in conflict copies."""
    folder = _path(mini).parent
    return "\n".join(p.read_text() for p in folder.rglob("*.md"))


def test_two_analysts_in_every_order_keep_every_sentence(mini):
    # A and B open the same version; each edits a different section and the same one.
    a = CommentaryEditor.open("demo", "2023-24 Q2", root=mini, analyst="A")
    b = CommentaryEditor.open("demo", "2023-24 Q2", root=mini, analyst="B")
    a.set_commentary("births", "A on births.")
    a.set_commentary("deaths", "A on deaths.")
    b.set_commentary("deaths", "B on deaths.")
    b.set_actions("library-users", "B's action.")
    assert a.save().saved
    refused_b = b.save()
    assert not refused_b.saved and "B on deaths." in refused_b.mine.read_text()
    # A edits again and saves (B still holds the old base): B's copy must survive.
    a.set_commentary("births", "A again on births.")
    assert a.save().saved
    again_b = b.save()
    assert not again_b.saved and again_b.mine != refused_b.mine
    assert refused_b.mine.exists() and again_b.mine.exists()  # one copy per attempt
    merged = b.merge()
    assert merged.saved and merged.conflicts == ["deaths"]
    everything = _all_text(mini)
    for sentence in ("A on births.", "A again on births.", "A on deaths.", "B on deaths.",
                     "B's action."):  # fmt: skip
        assert sentence in everything, sentence
    on_disk = _path(mini).read_text()
    assert "A again on births." in on_disk and "B's action." in on_disk
    assert "A on deaths." in on_disk and "B on deaths." in on_disk


def _analyst(side, data, path, pairs, rounds, opened, results):
    """One analyst in a process of their own: in each round, open the version the other
    opens, then save at the same moment as the other."""
    for i in range(pairs):
        rounds.wait()  # the last pair's saves are checked
        session = CommentaryEditor(
            data, "demo", data.reports["period"][0], path, path.read_bytes(), analyst=f"p{i}{side}"
        )
        text = f"Pair {i} {side}."
        session.set_commentary("births", text)
        opened.wait()  # both opened the same version
        result = session.save()
        results.put((text, result.saved, str(result.mine) if result.mine else ""))


def test_simultaneous_saves_lose_nothing(mini):
    # 100 pairs of saves in two processes, the two of each pair opening the same version
    # and saving at the same moment: exactly one of each pair wins, the other's text is
    # kept. The processes last the 100 rounds: a fork of this process per save would take
    # longer than the saves.
    ctx = multiprocessing.get_context("fork")
    data = kt.load(mini)
    path = _path(mini)
    pairs = 100
    rounds, opened = ctx.Barrier(3, timeout=20), ctx.Barrier(2, timeout=20)
    results = ctx.Queue()
    children = [
        ctx.Process(target=_analyst, args=(side, data, path, pairs, rounds, opened, results))
        for side in ("left", "right")
    ]
    for child in children:
        child.start()
    try:
        for _ in range(pairs):
            rounds.wait()
            outcome = {}
            for _ in children:
                text, saved, copy = results.get(timeout=20)
                outcome[text] = (saved, copy)
            winners = [t for t, (saved, _) in outcome.items() if saved]
            assert len(winners) == 1, outcome
            (loser,) = (t for t in outcome if t not in winners)
            assert winners[0] in path.read_text()
            with open(outcome[loser][1], encoding="utf-8") as kept:
                assert loser in kept.read()
    finally:
        rounds.abort()  # a failed check ends the rounds at once
        opened.abort()
        for child in children:
            child.join(timeout=20)
            if child.is_alive():
                child.kill()
    assert [child.exitcode for child in children] == [0, 0]


def test_crlf_notes_and_file_mode_survive_an_edit(mini):
    path = _path(mini)
    text = path.read_text().replace("### Commentary", "### Commentary\n\n<!-- a note -->", 1)
    path.write_bytes(text.replace("\n", "\r\n").encode())
    os.chmod(path, 0o640)
    session = CommentaryEditor.open("demo", "2023-24 Q2", root=mini)
    session.set_commentary("births", "Edited.")
    assert session.save().saved
    raw = path.read_bytes()
    assert b"Edited.\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert b"<!-- a note -->" in raw  # analysts' notes kept


def test_set_actions_replaces_a_path_to_green_heading(mini):
    path = _path(mini)
    path.write_text(path.read_text().replace("### Actions", "### Path to Green", 1))
    session = CommentaryEditor.open("demo", "2023-24 Q2", root=mini)
    first = session.kpis[0]
    session.set_actions(first, "New path.")
    assert session.actions(first) == "New path."
    assert session.text.count("### Path to Green") == 1
    assert session.text.count("### Actions") == path.read_text().count("### Actions")


def test_history_keeps_every_version_until_pruned(mini):
    session = CommentaryEditor.open("demo", "2023-24 Q2", root=mini)
    for i in range(3):
        session.set_commentary("births", f"Version {i}.")
        assert session.save().saved
    history = sorted((_path(mini).parent / ".history").glob("*.md"))
    assert len(history) == 3
    assert "Version 1." in history[-1].read_text()
    assert len(prune_history(_path(mini), keep=1)) == 2
    assert len(list((_path(mini).parent / ".history").glob("*.md"))) == 1
