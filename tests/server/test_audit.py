"""The audit log's hash chain, on a real SQLite database."""

from sqlalchemy import update

from server import audit
from server.audit import AuditAction
from server.db import open_engine
from server.schema import audit_log


def test_entries_chain_and_an_edited_row_is_found(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'a.db'}")
    first = audit.record(engine, AuditAction.PTZ_MOVE, actor="operator", camera_id="cam001",
                         details={"pan": 0.5})
    audit.record(engine, AuditAction.PTZ_STOP, actor="operator", camera_id="cam001")
    audit.record(engine, AuditAction.BOOKMARK_CREATED, actor="police", details={"id": 3})
    with engine.connect() as conn:
        assert audit.verify_chain(conn) == audit.ChainCheck(True, 3)
        newest = audit.query(conn, camera_id="cam001")
        assert [e.action for e in newest] == ["ptz.stop", "ptz.move"]
        assert newest[1].details == {"pan": 0.5}
        assert [e.actor for e in audit.query(conn, action_prefix="bookmark.")] == ["police"]
    with engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.id == first)
                     .values(details='{"pan":-0.5}'))
    with engine.connect() as conn:
        check = audit.verify_chain(conn)
    assert not check.ok and check.first_bad_id == first
