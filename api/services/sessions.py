"""Deleting a conversation: the API session with everything linked to it, then Rasa's tracker.

Asked for by the user (DELETE /api/v1/sessions/{id}) or by staff (`python -m api.cli
delete-session`). Order: one API transaction removes the resource map, the history, the
unanswered-question rows and the answer feedback (they hold the user's own words) and the session, and unlinks callback
requests from the transcript (the request itself stays: staff still have to call back). Only then
is the Rasa tracker of the derived sender deleted. If that fails, nothing is left that the session
id still opens, and the same DELETE can be sent again: it deletes the tracker even when the API
session is already gone.
"""

from __future__ import annotations

import logging

from sqlalchemy import delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from api.errors import ErrorCode, ServiceError
from api.models import (
    AnswerFeedback,
    ChatMessage,
    ChatSession,
    HandoffRequest,
    Office,
    UnansweredQuestion,
    UserResourceMap,
    UserResourceMapEntry,
)
from api.services.chat import sender_for
from api.services.trackers import TrackerStore

log = logging.getLogger(__name__)


def delete_api_session(*, db: Session, session: ChatSession) -> None:
    """Deletes the session's rows in one transaction (committed here)."""
    sid = session.id
    maps = select(UserResourceMap.id).where(UserResourceMap.session_id == sid)
    db.execute(delete(UserResourceMapEntry).where(UserResourceMapEntry.map_id.in_(maps)))
    db.execute(delete(UserResourceMap).where(UserResourceMap.session_id == sid))
    db.execute(delete(ChatMessage).where(ChatMessage.session_id == sid))
    db.execute(delete(UnansweredQuestion).where(UnansweredQuestion.session_id == sid))
    db.execute(delete(AnswerFeedback).where(AnswerFeedback.session_id == sid))
    db.execute(
        update(HandoffRequest)
        .where(HandoffRequest.session_id == sid)
        .values(session_id=None, share_transcript=False)
    )
    db.execute(delete(ChatSession).where(ChatSession.id == sid))
    db.commit()


def delete_conversation(
    *,
    db: Session,
    trackers: TrackerStore | None,
    session_id: str,
    salt: str,
    office: Office | None = None,
) -> None:
    """Deletes the conversation `session_id` (of `office`, when given) in the API and in Rasa.

    Raises SESSION_NOT_FOUND when neither held anything, BOT_UNAVAILABLE when Rasa's database
    could not be reached (the API part is then already deleted; sending the request again
    finishes the job)."""
    session = db.get(ChatSession, session_id)
    if session is not None and office is not None and session.office_id != office.id:
        raise ServiceError(ErrorCode.SESSION_NOT_FOUND)
    if session is not None:
        delete_api_session(db=db, session=session)
    else:
        db.rollback()  # end the read transaction before the next database
    events = 0
    if trackers is not None:
        sender = sender_for(session_id=session_id, salt=salt)
        try:
            events = trackers.delete(sender)
        except SQLAlchemyError as exc:
            log.error("could not delete the Rasa tracker of %s: %s", sender, exc)
            contact = office.contact_text if office is not None else ""
            raise ServiceError(ErrorCode.BOT_UNAVAILABLE, contact=contact) from exc
        log.info("deleted conversation %s (%d tracker events)", sender, events)
    if session is None and events == 0:
        raise ServiceError(ErrorCode.SESSION_NOT_FOUND)
