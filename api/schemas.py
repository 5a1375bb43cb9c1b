"""Request and response schemas, one per use."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    field_validator,
)

from api import limits
from bot.resource_map.validation import MAX_LENGTHS, field_problems
from bot.text.furigana import FuriganaMode

SESSION_ID_PATTERN = rf"^[A-Za-z0-9_-]{{20,{limits.SESSION_ID}}}$"
# What a chat message is: the bot's text, or the office's contact for 「人と話したい」.
MessageType = Literal["text", "handoff"]


class Button(BaseModel):
    title: str
    payload: str


class Link(BaseModel):
    title: str
    url: str = Field(description="Only http, https, mailto and tel URLs are ever sent.")


class ChatMessageOut(BaseModel):
    """One message. For bot text, `ruby` is the safe structure to build <ruby> from: put each
    base and reading in as text (textContent), never as HTML."""

    role: Literal["bot", "user"] = "bot"
    type: MessageType = "text"
    text: str
    ruby: list[tuple[str, str | None]] = Field(
        default_factory=list, description="[base, reading-or-null] segments of `text`."
    )
    easy_text: str | None = Field(
        default=None, description="The やさしい日本語 variant, when the bot has one."
    )
    easy_ruby: list[tuple[str, str | None]] | None = None
    buttons: list[Button] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)


class ChatRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"office_id": "demo", "message": "費用はいくらですか"},
                {
                    "office_id": "demo",
                    "session_id": "Zq3...(from a previous answer)",
                    "payload": "/faq_cost",
                },
            ]
        }
    )

    office_id: str = Field(max_length=limits.OFFICE_ID)
    session_id: str | None = Field(
        None, pattern=SESSION_ID_PATTERN, description="Omit to start a new session."
    )
    message: str | None = Field(
        default=None, description="What the user typed; at most 1000 characters."
    )
    payload: str | None = Field(default=None, description="A button's payload, e.g. /faq_cost.")


class ChatResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "session_id": "Zq3kX0b1m2n3o4p5q6r7s8t9u0v1w2x3",
                    "messages": [
                        {
                            "role": "bot",
                            "type": "text",
                            "text": "利用料は、原則としてサービス費用の1割です。",
                            "ruby": [["利用", "りよう"], ["料", "りょう"], ["は、", None]],
                            "easy_text": None,
                            "buttons": [{"title": "詳しく", "payload": "/ask_more"}],
                            "links": [],
                        }
                    ],
                }
            ]
        }
    )

    session_id: str
    messages: list[ChatMessageOut]


class HistoryResponse(BaseModel):
    session_id: str
    messages: list[ChatMessageOut]


class WidgetConfig(BaseModel):
    office_id: str
    display_name: str
    contact_text: str
    theme_color: str
    default_furigana: FuriganaMode
    message_max_chars: int


class HandoffRequestIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "office_id": "demo",
                    "session_id": "Zq3kX0b1m2n3o4p5q6r7s8t9u0v1w2x3",
                    "consent": True,
                    "name": "やまだ",
                    "contact": "090-0000-0000",
                    "preferred_time": "平日の夕方",
                    "message": "更新について相談したいです",
                    "share_transcript": False,
                }
            ]
        }
    )

    office_id: str = Field(max_length=limits.OFFICE_ID)
    session_id: str = Field(
        pattern=SESSION_ID_PATTERN,
        description="The chat session the request comes from (a session of this office).",
    )
    consent: StrictBool = Field(description="The user agreed to send what they filled in.")
    name: str | None = Field(default=None, max_length=limits.HANDOFF_NAME)
    contact: str | None = Field(default=None, max_length=limits.HANDOFF_CONTACT)
    preferred_time: str | None = Field(default=None, max_length=limits.HANDOFF_PREFERRED_TIME)
    message: str | None = Field(default=None, max_length=limits.HANDOFF_MESSAGE)
    share_transcript: StrictBool = False


class HandoffAccepted(BaseModel):
    id: int
    message: ChatMessageOut


class HandoffOut(BaseModel):
    """A callback request as staff see it: never the session id (it opens the history and the
    map); the transcript only when the user chose to share it, without links into the session."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str | None
    contact: str | None
    preferred_time: str | None
    message: str | None
    share_transcript: bool
    status: str
    created_at: datetime
    transcript: list[ChatMessageOut] | None = None


HandoffStatus = Literal["new", "contacted", "closed"]


class HandoffStatusIn(BaseModel):
    status: HandoffStatus


class UnansweredOut(BaseModel):
    """A question the bot could not answer; not the session it came from (review M3)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    text: str
    reason: str
    created_at: datetime


class DirectoryEntryIn(BaseModel):
    """An entry of the office's directory. The bot offers its name, phone, hours and URL as a
    resource map suggestion, so their limits and shapes are the domain's
    (`bot.resource_map.validation`): what the staff API accepts is never left out of the
    suggestions. An entry whose area of life is not one of the four is kept but not offered."""

    name: str = Field(min_length=1, max_length=MAX_LENGTHS["name"])
    category: str = Field(default="", max_length=100)
    area_of_life: str = Field(default="", max_length=50)
    municipality: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=MAX_LENGTHS["phone"])
    url: str = Field(default="", max_length=MAX_LENGTHS["url"], pattern=r"^(https?://\S+)?$")
    hours: str = Field(default="", max_length=MAX_LENGTHS["hours"])
    notes: str = Field(default="", max_length=2000)

    @field_validator("name", "phone", "url", "hours")
    @classmethod
    def _as_the_bot_offers_it(cls, value: str, info: ValidationInfo) -> str:
        field = str(info.field_name)
        problems = field_problems(field, value, required=field == "name")
        if problems:
            raise ValueError(problems[0].code.value)
        return value


class DirectoryEntryOut(BaseModel):
    """An entry as stored (rows saved before today's limits are shown as they are)."""

    model_config = ConfigDict(from_attributes=True)

    name: str
    category: str
    area_of_life: str
    municipality: str
    phone: str
    url: str
    hours: str
    notes: str
    id: int
    is_sample: bool


class OfficeSettings(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    display_name: str = Field(min_length=1, max_length=limits.OFFICE_DISPLAY_NAME)
    allowed_origins: list[str] = Field(
        default_factory=list, description="e.g. https://www.example.jp (scheme, host, port)."
    )
    contact_text: str = Field(default="", max_length=limits.OFFICE_CONTACT_TEXT)
    theme_color: str = Field(default="#1d5fa8", pattern=r"^#[0-9a-fA-F]{6}$")
    default_furigana: FuriganaMode = "off"
    retention_days: StrictInt | None = Field(
        default=None,
        ge=limits.RETENTION_DAYS_MIN,
        le=limits.RETENTION_DAYS_MAX,
        description="Days conversations, callback requests and maps are kept; omit to keep it.",
    )


class OfficeSettingsOut(OfficeSettings):
    id: str
    retention_days: int


class AuditEntryOut(BaseModel):
    """One read of personal data by staff: which key, what, when."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    api_key_id: int | None
    api_key_label: str
    action: str
    detail: dict[str, Any]
    created_at: datetime


class ResourceMapOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "session_id": "Zq3kX0b1m2n3o4p5q6r7s8t9u0v1w2x3",
                    "map": {
                        "goal": "今の職場で働き続けたい",
                        "areas": {
                            "workplace": {
                                "skipped": False,
                                "contacts": [
                                    {
                                        "name_or_role": "上司",
                                        "organisation": "総務課",
                                        "about": "仕事の進め方",
                                        "how_to_contact": "朝礼のあと",
                                        "phone": None,
                                        "url": None,
                                    }
                                ],
                            },
                            "health": {"skipped": False, "contacts": []},
                            "daily_life": {"skipped": False, "contacts": []},
                            "leisure": {"skipped": True, "contacts": []},
                        },
                    },
                    "disability_types": None,
                    "updated_at": "2026-11-21T06:00:00Z",
                }
            ]
        }
    )

    session_id: str
    map: dict[str, Any] = Field(description="bot.resource_map.ResourceMap.to_dict()")
    disability_types: list[str] | None = Field(
        default=None, description="Stored only with the user's consent (要配慮個人情報)."
    )
    updated_at: datetime


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    rasa: Literal["ok", "unavailable", "unchecked"] = "unchecked"
