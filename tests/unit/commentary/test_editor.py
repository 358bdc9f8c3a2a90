import kpitools as kt
from kpitools.commentary.editor import CommentaryEditor


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
    assert CommentaryEditor.open("demo", "2023-24 Q2", root=mini).commentary("births") == "Theirs."
    assert "Mine." in result.mine.read_text()


def test_widget_builds(mini):
    session = CommentaryEditor.open("demo", "2023-24 Q2", root=mini)
    ui = session.widget()
    services = ui.children[-1]
    # Tabs by service, then by indicator number and name (not truncated ids).
    assert services.titles[0] == "Libraries"
    assert services.children[0].titles[0] == "36 Number of active library users"
