"""A chat session's history: the session lookup and its messages, oldest first.

Used by the chat service (resuming a session) and by the staff views (the transcript of a
handoff the user agreed to share).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.errors import ErrorCode, ServiceError
from api.models import ChatMessage, ChatSession, Office
from api.schemas import ChatMessageOut

HISTORY_LIMIT = 200


def get_session(*, db: Session, office: Office, session_id: str) -> ChatSession:
    """The office's session; `session_not_found` for an unknown id or another office's."""
    session = db.get(ChatSession, session_id)
    if session is None or session.office_id != office.id:
        raise ServiceError(ErrorCode.SESSION_NOT_FOUND)
    return session


def history(*, db: Session, office: Office, session_id: str) -> list[ChatMessageOut]:
    """The last `HISTORY_LIMIT` messages of the session, oldest first, each turn together: the
    user's message, then its replies."""
    get_session(db=db, office=office, session_id=session_id)
    turn = func.coalesce(ChatMessage.reply_to, ChatMessage.id)
    rows = list(
        db.scalars(
            select(ChatMessage)
            .where(ChatMessage.session_id == session_id)
            .order_by(turn.desc(), ChatMessage.id.desc())
            .limit(HISTORY_LIMIT)
        )
    )
    out: list[ChatMessageOut] = []
    for row in reversed(rows):
        if row.role == "user":
            out.append(ChatMessageOut(role="user", text=str(row.data.get("text", ""))))
        else:
            out.append(ChatMessageOut.model_validate({**row.data, "id": row.id}))
    return out
