"""Sign-in throttling: guessing a password gets slower, then stops.

Two things are watched, both from the ``sign_in_failures`` table (so a restart forgets
nothing):

- one account: after SLOW_AFTER failures in a row the next try must wait a delay that
  doubles with each further failure; after LOCK_AFTER the account is locked for
  LOCK_FOR (``users.locked_until``), and even the right password does not open it
  until the lock ends or an administrator lifts it. A success resets the count.
- one source address: more than SOURCE_LIMIT failures within SOURCE_WINDOW, on any
  accounts, and the address is refused until the oldest of them leaves the window.
  That is what catches "spraying" (one common password tried on many accounts), which
  never trips an account's own count.
- slow spraying from one address, kept under that limit (100 accounts, one try each
  an hour, is 17 failures per 10 minutes): SPRAY_NAMES different account names failing
  from one address within SPRAY_WINDOW is a spray whatever its pace. It is audited once
  (``sign_in_spray``, with the address) when it is crossed, and the address is refused
  until SPRAY_PAUSE after its latest failure: a sprayer is left one try an hour.

A name that is not an account is throttled exactly like one (from its rows alone), so
the answers do not tell a guesser which names exist.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

from sqlalchemy import Connection, delete, distinct, func, select

from server.clock import utc_now, wib
from server.schema import sign_in_failures, users

# Three tries cover a mistyped password and a forgotten Caps Lock without any delay.
SLOW_AFTER = 3
# Then 5 s, 10 s: nothing to a person retyping, a wall for a script.
SLOW_FIRST_DELAY = timedelta(seconds=5)
# Five in a row is guessing, not typing: lock long enough to make guessing hopeless
# (a handful of tries an hour) but short enough that a night shift is not stranded
# when no administrator is in.
LOCK_AFTER = 5
LOCK_FOR = timedelta(minutes=15)
# Failures further apart than this are not "in a row": an officer who mistypes once
# a day is never slowed down.
QUIET_RESETS_AFTER = timedelta(minutes=15)
# A whole sector post shares one address (one NAT): 20 failures in 10 minutes is far
# beyond what its officers mistype together, and far below what spraying needs.
SOURCE_LIMIT = 20
SOURCE_WINDOW = timedelta(minutes=10)
# More different accounts than a sector post's officers mistype in a day; far below a
# spray of a city's accounts.
SPRAY_NAMES = 30
SPRAY_WINDOW = timedelta(hours=24)
SPRAY_PAUSE = timedelta(hours=1)
# Rows older than every window above are of no further use (the audit log keeps the
# history).
KEEP_FAILURES = timedelta(days=1)

NAME_LIMIT = 100  # the column's width; what was typed is cut, never refused
# Sign-ins of different names rarely wait on each other with 64 locks; one process.
_STRIPES = 64
SOURCE_LIMIT_CHARS = 64


class Refusal(Enum):
    SOURCE = "source"  # this address failed too often: 429
    SPRAY = "spray"  # this address failed for too many different accounts: 429
    SLOWED = "slowed"  # this account failed a few times: 429 until the delay has passed
    LOCKED = "locked"  # this account failed LOCK_AFTER times: 423


@dataclass(frozen=True)
class Refused:
    why: Refusal
    until: datetime

    def retry_after_s(self, now: datetime) -> int:
        return max(1, math.ceil((self.until - now).total_seconds()))

    def message(self, now: datetime) -> str:
        wait = _wait_words(self.retry_after_s(now))
        if self.why is Refusal.SOURCE:
            return (f"Too many failed sign-ins from this computer: try again in {wait} "
                    f"(at {_clock(self.until)}).")
        if self.why is Refusal.SPRAY:
            return (f"Failed sign-ins for many different accounts from this computer: try "
                    f"again in {wait} (at {_clock(self.until)}), or ask an administrator.")
        if self.why is Refusal.SLOWED:
            return f"Several wrong passwords for this account: wait {wait} before trying again."
        return (f"This account is locked after {LOCK_AFTER} wrong passwords until "
                f"{_clock(self.until)} (in {wait}); an administrator can unlock it sooner.")


@dataclass(frozen=True)
class Failure:
    """What one more wrong password did: ``locked_until`` when it locked the account;
    ``account_exists`` tells the caller whether there is a real account to audit."""

    account_exists: bool
    locked_until: datetime | None
    spray_started: bool = False  # this failure made its address a spray (audit it)


def _aware(value: datetime) -> datetime:
    # func.max() skips the column's type: SQLite answers text, PostgreSQL a naive time.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _clock(value: datetime) -> str:
    return wib(value)[:19] + " WIB"


def _wait_words(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"


def _slow_delay(streak: int) -> timedelta:
    return SLOW_FIRST_DELAY * (2 ** (streak - SLOW_AFTER))


class SignInThrottle:
    """Decides before a password is checked; records after a wrong one, in the
    sign-in's transaction, under ``guard(name)``: without it a script sending many
    guesses for one account at once would have them all checked before any was
    counted. (Across accounts, the per-address count may run over by the number of
    tries in flight at once; it is a limit against spraying, not a lock.)"""

    def __init__(self, clock: Callable[[], datetime] = utc_now) -> None:
        self.clock = clock
        self._stripes = [threading.Lock() for _ in range(_STRIPES)]

    def guard(self, typed: str) -> threading.Lock:
        """Held from check to record for one name; names share a few locks (striped)
        so the set stays small whatever names are typed."""
        digest = hashlib.blake2s(typed[:NAME_LIMIT].encode("utf-8"), digest_size=2).digest()
        return self._stripes[int.from_bytes(digest, "big") % _STRIPES]

    def now(self) -> datetime:
        return self.clock()

    def check(self, conn: Connection, typed: str, source: str) -> Refused | None:
        now = self.clock()
        name, source = typed[:NAME_LIMIT], source[:SOURCE_LIMIT_CHARS]
        refused = self._source_refusal(conn, source, now) or self._spray_refusal(
            conn, source, now)
        if refused is not None:
            return refused
        recent = self._recent_failures(conn, name, now)
        account = conn.execute(select(users).where(users.c.username == name)).first()
        if account is not None:
            if account.locked_until is not None and account.locked_until > now:
                return Refused(Refusal.LOCKED, account.locked_until)
            streak = account.failed_logins if recent else 0
        else:
            streak = len(recent)
            if streak >= LOCK_AFTER:
                until = recent[0] + LOCK_FOR
                if until > now:
                    return Refused(Refusal.LOCKED, until)
        if SLOW_AFTER <= streak < LOCK_AFTER and recent:
            until = recent[0] + _slow_delay(streak)
            if until > now:
                return Refused(Refusal.SLOWED, until)
        return None

    def failed(self, conn: Connection, typed: str, source: str) -> Failure:
        now = self.clock()
        name, source = typed[:NAME_LIMIT], source[:SOURCE_LIMIT_CHARS]
        recent = self._recent_failures(conn, name, now)
        names_before = self._spray_names(conn, source, now)[0]
        conn.execute(sign_in_failures.insert().values(at_utc=now, username=name, source=source))
        stale = sign_in_failures.c.at_utc < now - KEEP_FAILURES
        conn.execute(delete(sign_in_failures).where(stale))
        spray = names_before < SPRAY_NAMES <= self._spray_names(conn, source, now)[0]
        account = conn.execute(select(users).where(users.c.username == name)).first()
        if account is None:
            streak = len(recent) + 1
            locked = now + LOCK_FOR if streak == LOCK_AFTER else None
            return Failure(account_exists=False, locked_until=locked, spray_started=spray)
        streak = (account.failed_logins if recent else 0) + 1
        locked = now + LOCK_FOR if streak >= LOCK_AFTER else None
        conn.execute(
            users.update()
            .where(users.c.id == account.id)
            .values(failed_logins=streak, locked_until=locked)
        )
        return Failure(account_exists=True, locked_until=locked, spray_started=spray)

    def succeeded(self, conn: Connection, user_id: int) -> None:
        reset_account(conn, user_id)

    def _source_refusal(self, conn: Connection, source: str, now: datetime) -> Refused | None:
        times = list(
            conn.execute(
                select(sign_in_failures.c.at_utc)
                .where(sign_in_failures.c.source == source)
                .where(sign_in_failures.c.at_utc > now - SOURCE_WINDOW)
                .order_by(sign_in_failures.c.at_utc.desc())
                .limit(SOURCE_LIMIT)
            ).scalars()
        )
        if len(times) < SOURCE_LIMIT:
            return None
        # Refused until the oldest of the last SOURCE_LIMIT failures leaves the window.
        until = times[-1] + SOURCE_WINDOW
        return Refused(Refusal.SOURCE, until) if until > now else None

    def _spray_names(self, conn: Connection, source: str, now: datetime
                     ) -> tuple[int, datetime | None]:
        """How many different names failed from ``source`` in SPRAY_WINDOW, and when
        the latest failure was."""
        row = conn.execute(
            select(func.count(distinct(sign_in_failures.c.username)),
                   func.max(sign_in_failures.c.at_utc))
            .where(sign_in_failures.c.source == source)
            .where(sign_in_failures.c.at_utc > now - SPRAY_WINDOW)
        ).one()
        return int(row[0]), row[1]

    def _spray_refusal(self, conn: Connection, source: str, now: datetime) -> Refused | None:
        names, latest = self._spray_names(conn, source, now)
        if names < SPRAY_NAMES or latest is None:
            return None
        until = _aware(latest) + SPRAY_PAUSE
        return Refused(Refusal.SPRAY, until) if until > now else None

    def _recent_failures(self, conn: Connection, name: str, now: datetime) -> list[datetime]:
        """The name's failures in a row, newest first: each within QUIET_RESETS_AFTER of
        the next (and the newest of now). An expired lock ends a row by itself, since
        nothing is recorded while it holds."""
        times = conn.execute(
            select(sign_in_failures.c.at_utc)
            .where(sign_in_failures.c.username == name)
            .where(sign_in_failures.c.at_utc > now - KEEP_FAILURES)
            .order_by(sign_in_failures.c.at_utc.desc())
            .limit(LOCK_AFTER)
        ).scalars()
        row: list[datetime] = []
        later = now
        for at in times:
            if later - at >= QUIET_RESETS_AFTER:
                break
            row.append(at)
            later = at
        return row


def reset_account(conn: Connection, user_id: int) -> None:
    """Forget an account's failures: a success, or an administrator's unlock."""
    conn.execute(
        users.update().where(users.c.id == user_id).values(failed_logins=0, locked_until=None)
    )

