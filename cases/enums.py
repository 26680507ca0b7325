"""The tracker's vocabularies. Stored as their string values; validated in services, not by the database."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADVISOR = "advisor"
    CONFIDENTIAL_ADVISOR = "confidential_advisor"
    INDEXER = "indexer"
    ADMIN = "admin"


class OfficeKind(StrEnum):
    MANAGER = "manager"
    ADJUDICATIVE_MEMBER = "adjudicative_member"
    PART_TIME_BOARD_MEMBER = "part_time_board_member"
    STAFF = "staff"


class Category(StrEnum):
    CONFLICT_OF_INTEREST = "conflict_of_interest"
    GIFTS_HOSPITALITY = "gifts_hospitality"
    OUTSIDE_ACTIVITIES = "outside_activities"
    POST_EMPLOYMENT = "post_employment"
    POLITICAL_ACTIVITY = "political_activity"
    LOBBYING = "lobbying"
    WRONGDOING_DISCLOSURE = "wrongdoing_disclosure"
    GOVERNANCE_BOARD = "governance_board"
    OTHER = "other"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Status(StrEnum):
    NEW = "new"
    TRIAGED = "triaged"
    ASSIGNED = "assigned"
    WAITING_FOR_REQUESTER = "waiting_for_requester"
    ANSWERED = "answered"
    CLOSED = "closed"


class EventKind(StrEnum):
    """Timeline entries. Only REPLY, REQUESTER_MESSAGE and CREATED are shown to the requester."""

    CREATED = "created"
    REPLY = "reply"
    NOTE = "note"
    REQUESTER_MESSAGE = "requester_message"
    STATUS = "status"
    ASSIGNMENT = "assignment"


class ThreadKind(StrEnum):
    """Where a case lives outside the tracker (e.g. a triage card, a DM thread with the requester)."""

    TRIAGE_CARD = "triage_card"
    REQUESTER_DM = "requester_dm"


LOCALES = ("fr", "en")
