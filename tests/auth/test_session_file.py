"""The token on disk: owner-only, written atomically, and harmless when corrupt."""

import stat

from epic_auth_app.session_file import SessionFile


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_saved_token_is_owner_only_in_an_owner_only_directory(tmp_path):
    home = tmp_path / "epicevents"
    SessionFile(home).save("header.payload.signature")
    assert mode(home) == 0o700
    assert mode(home / "session.jwt") == 0o600
    assert SessionFile(home).load() == "header.payload.signature"


def test_loosened_directory_is_secured_again(tmp_path):
    home = tmp_path / "epicevents"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    SessionFile(home).save("token")
    assert mode(home) == 0o700


def test_replacing_the_token_leaves_no_temporary_file(tmp_path):
    session = SessionFile(tmp_path / "epicevents")
    session.save("first")
    session.save("second")
    assert session.load() == "second"
    assert [path.name for path in session.home.iterdir()] == ["session.jwt"]


def test_missing_file_means_no_session(tmp_path):
    assert SessionFile(tmp_path / "nowhere").load() is None


def test_binary_or_oversized_content_is_not_a_token(tmp_path):
    session = SessionFile(tmp_path)
    session.path.write_bytes(b"\xff\xfe\x00garbage")
    assert session.load() == ""
    session.path.write_text("x" * 100_000)
    assert session.load() == ""


def test_clear_removes_the_file(tmp_path):
    session = SessionFile(tmp_path)
    session.save("token")
    session.clear()
    session.clear()
    assert session.load() is None
