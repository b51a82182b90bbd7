"""The rules behind the Users page and its dialogs, as plain functions the widgets call:
what a user's state is, which actions a selected user allows, what a form still lacks.

The server decides (password strength, names, areas); these only say early what is
certainly missing, so the administrator is not sent to the server for an empty field.
Password strength is deliberately not judged here: the server's rule and its sentence
are the one source (server/password_policy.py), shown as the server words it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from app.api.admin import AdminUser, Role
from app.domain import Area

# The server's account names: letters, digits, . _ @ - (server/README.md, POST /admin/users)
_USERNAME = re.compile(r"^[A-Za-z0-9._@-]+$")


class UserState(enum.Enum):
    ACTIVE = "active"
    DISABLED = "disabled"  # signs in to nothing; their sessions ended
    LOCKED = "locked"  # too many wrong passwords, until locked_until
    MUST_CHANGE = "must_change"  # an administrator set the password; theirs comes first


class UserAction(enum.Enum):
    EDIT = "edit"
    DISABLE = "disable"
    ENABLE = "enable"
    RESET_PASSWORD = "reset_password"
    UNLOCK = "unlock"
    DELETE = "delete"


class FormProblem(enum.Enum):
    NO_USERNAME = "no_username"
    BAD_USERNAME = "bad_username"  # a character the server does not take in a name
    NO_ROLE = "no_role"
    NO_AREA = "no_area"
    NO_PASSWORD = "no_password"
    PASSWORDS_DIFFER = "passwords_differ"  # the second typing does not match the first
    NO_CURRENT_PASSWORD = "no_current_password"
    SAME_PASSWORD = "same_password"  # a forced change that changes nothing


def user_states(user: AdminUser, now: datetime) -> tuple[UserState, ...]:
    """Every state that applies, the most important first (a disabled account that is also
    locked is above all disabled); ACTIVE only when nothing else applies."""
    states = []
    if user.disabled:
        states.append(UserState.DISABLED)
    if is_locked(user, now):
        states.append(UserState.LOCKED)
    if user.must_change_password:
        states.append(UserState.MUST_CHANGE)
    return tuple(states) or (UserState.ACTIVE,)


def is_locked(user: AdminUser, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def available_actions(user: AdminUser | None, me: str, now: datetime) -> frozenset[UserAction]:
    """What the page offers for the selected ``user`` when ``me`` is signed in: nothing
    without a selection; never disabling or deleting oneself (the server refuses it with
    cannot_remove_self, and the administrator would lock themselves out)."""
    if user is None:
        return frozenset()
    actions = {UserAction.EDIT, UserAction.RESET_PASSWORD}
    if user.username != me:
        actions.add(UserAction.ENABLE if user.disabled else UserAction.DISABLE)
        actions.add(UserAction.DELETE)
    if is_locked(user, now):
        actions.add(UserAction.UNLOCK)
    return frozenset(actions)


@dataclass(frozen=True)
class UserForm:
    """The add/edit dialog's fields; ``editing`` leaves name and password out."""
    username: str = ""
    display_name: str = ""
    roles: tuple[Role, ...] = ()
    areas: tuple[str, ...] = ()
    password: str = field(default="", repr=False)
    confirm: str = field(default="", repr=False)
    editing: bool = False


def check_user_form(form: UserForm) -> FormProblem | None:
    """The first thing the form lacks, in the order of its fields; None: send it."""
    if not form.editing:
        name = form.username.strip()
        if not name:
            return FormProblem.NO_USERNAME
        if not _USERNAME.match(name):
            return FormProblem.BAD_USERNAME
    if not form.roles:
        return FormProblem.NO_ROLE
    if not form.areas:
        return FormProblem.NO_AREA
    if not form.editing:
        return check_new_password(form.password, form.confirm)
    return None


def check_new_password(password: str, confirm: str, current: str | None = None
                       ) -> FormProblem | None:
    """A new password typed twice (and, for one's own, the current one first)."""
    if current is not None and not current:
        return FormProblem.NO_CURRENT_PASSWORD
    if not password:
        return FormProblem.NO_PASSWORD
    if password != confirm:
        return FormProblem.PASSWORDS_DIFFER
    if current is not None and password == current:
        return FormProblem.SAME_PASSWORD
    return None


def area_names(area_ids: Iterable[str], areas: Iterable[Area]) -> tuple[str, ...]:
    """Each id as its name in the tree ("Tebet", "Jakarta Selatan"); an id the tree does
    not hold (an area made after the catalog was loaded) stays as the id."""
    names = {a.id: a.name for root in areas for a in root.walk()}
    return tuple(names.get(area_id, area_id) for area_id in area_ids)


def role_order(roles: Iterable[Role]) -> tuple[Role, ...]:
    """Roles in the enum's order (admin first), whatever order they were ticked in."""
    chosen = set(roles)
    return tuple(r for r in Role if r in chosen)
