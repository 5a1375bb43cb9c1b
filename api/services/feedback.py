"""Feedback on the bot's answers (issue 14): 👍/👎 under each answer, with "what was missing?"
for 👎, stored per office and listed for staff beside the unanswered questions.

One rating per answer: rating again replaces it (a changed mind, or the 👎 followed by its
comment). Only a bot answer of the caller's own session can be rated; the comment is the
user's words, so staff reading the list is audited like the unanswered questions, and the
rows go with the session (deletion, retention purge).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from api import limits
from api.errors import ErrorCode, ServiceError
from api.models import AnswerFeedback, ApiKey, ChatMessage, Office, utcnow
from api.services import audit
from api.services.history import get_session
from api.services.paging import Page, paged
from api.services.transactions import commit


def give_feedback(
    *,
    db: Session,
    office: Office,
    session_id: str,
    message_id: int,
    rating: str,
    comment: str | None,
) -> None:
    """Stores (or replaces) the rating of one bot answer of the office's session.

    `session_not_found` for a session of no office or another office, `message_not_found` for
    anything but a bot answer of that session, `invalid_feedback` for a comment with 👍."""
    text = (comment or "").strip() or None
    if text is not None and rating != "down":
        raise ServiceError(ErrorCode.INVALID_FEEDBACK)
    office_id = office.id
    get_session(db=db, office=office, session_id=session_id)

    def store() -> None:
        message = db.get(ChatMessage, message_id)
        if message is None or message.session_id != session_id or message.role != "bot":
            raise ServiceError(ErrorCode.MESSAGE_NOT_FOUND)
        row = db.scalars(
            select(AnswerFeedback).where(
                AnswerFeedback.session_id == session_id, AnswerFeedback.message_id == message_id
            )
        ).first()
        if row is None:
            row = AnswerFeedback(office_id=office_id, session_id=session_id, message_id=message_id)
            db.add(row)
        row.rating = rating
        row.comment = text
        row.answer_text = str(message.data.get("text", ""))[: limits.FEEDBACK_ANSWER_TEXT]
        row.created_at = utcnow()

    commit(db, store)


def feedback_for_staff(
    *, db: Session, key: ApiKey, page: Page, rating: str | None = None
) -> list[AnswerFeedback]:
    """The office's ratings, newest first (audited: the comments are the users' words)."""
    query = select(AnswerFeedback).where(AnswerFeedback.office_id == key.office_id)
    if rating is not None:
        query = query.where(AnswerFeedback.rating == rating)
    rows = list(db.scalars(paged(query, AnswerFeedback.id, page)))
    if rows:
        detail = {"ids": [r.id for r in rows], "rating": rating}
        audit.record(db=db, key=key, action="feedback.list", detail=detail)
    return rows
