"""The Users page's rules without widgets: states, what a selected user allows, what a
form still lacks."""

from datetime import UTC, datetime, timedelta

from app.api.admin import AdminUser, Role
from app.domain import Area, AreaKind
from app.user_admin import (
    FormProblem,
    UserAction,
    UserForm,
    UserState,
    area_names,
    available_actions,
    check_new_password,
    check_user_form,
    role_order,
    user_states,
)

NOW = datetime(2026, 11, 22, 7, 0, tzinfo=UTC)


def _user(name="polsek.tebet", **more) -> AdminUser:
    return AdminUser(name, "Polsek Tebet", (Role.POLICE,), ("js.tebet",), **more)


def test_states_most_important_first():
    assert user_states(_user(), NOW) == (UserState.ACTIVE,)
    locked = _user(locked_until=NOW + timedelta(minutes=15), failed_logins=5)
    assert user_states(locked, NOW) == (UserState.LOCKED,)
    # A lock that has run out is no lock.
    assert user_states(_user(locked_until=NOW - timedelta(seconds=1)), NOW) == (
        UserState.ACTIVE,)
    everything = _user(disabled=True, must_change_password=True,
                       locked_until=NOW + timedelta(minutes=1))
    assert user_states(everything, NOW) == (UserState.DISABLED, UserState.LOCKED,
                                            UserState.MUST_CHANGE)


def test_actions_for_the_selected_user():
    assert available_actions(None, "admin", NOW) == frozenset()
    assert available_actions(_user(), "admin", NOW) == {
        UserAction.EDIT, UserAction.RESET_PASSWORD, UserAction.DISABLE, UserAction.DELETE}
    assert UserAction.ENABLE in available_actions(_user(disabled=True), "admin", NOW)
    assert UserAction.DISABLE not in available_actions(_user(disabled=True), "admin", NOW)
    locked = _user(locked_until=NOW + timedelta(minutes=15))
    assert UserAction.UNLOCK in available_actions(locked, "admin", NOW)
    assert UserAction.UNLOCK not in available_actions(
        _user(locked_until=NOW - timedelta(minutes=1)), "admin", NOW)


def test_an_administrator_cannot_disable_or_delete_themselves():
    me = AdminUser("admin", "Administrator", (Role.ADMIN,), ("jp",))
    assert available_actions(me, "admin", NOW) == {UserAction.EDIT,
                                                   UserAction.RESET_PASSWORD}


def test_a_new_users_form_in_field_order():
    good = UserForm("polsek.tebet", "Polsek Tebet", (Role.POLICE,), ("js.tebet",),
                    "tebet-aman-2026", "tebet-aman-2026")
    assert check_user_form(good) is None
    assert check_user_form(UserForm()) is FormProblem.NO_USERNAME
    assert check_user_form(UserForm("  ")) is FormProblem.NO_USERNAME
    assert check_user_form(UserForm("polsek tebet")) is FormProblem.BAD_USERNAME
    assert check_user_form(UserForm("polsek.tebet")) is FormProblem.NO_ROLE
    assert check_user_form(UserForm("polsek.tebet", roles=(Role.POLICE,))
                           ) is FormProblem.NO_AREA
    no_password = UserForm("polsek.tebet", roles=(Role.POLICE,), areas=("js.tebet",))
    assert check_user_form(no_password) is FormProblem.NO_PASSWORD
    differ = UserForm("polsek.tebet", roles=(Role.POLICE,), areas=("js.tebet",),
                      password="tebet-aman-2026", confirm="tebet-aman-2025")
    assert check_user_form(differ) is FormProblem.PASSWORDS_DIFFER
    # Strength is the server's to judge: a short password passes here and is refused there.
    short = UserForm("polsek.tebet", roles=(Role.POLICE,), areas=("js.tebet",),
                     password="short", confirm="short")
    assert check_user_form(short) is None


def test_an_edit_needs_no_name_or_password():
    edit = UserForm("admin", "", (Role.ADMIN,), ("jp",), editing=True)
    assert check_user_form(edit) is None
    assert check_user_form(UserForm(editing=True, areas=("jp",))) is FormProblem.NO_ROLE


def test_ones_own_new_password():
    assert check_new_password("a-new-one-2026", "a-new-one-2026") is None
    assert check_new_password("", "") is FormProblem.NO_PASSWORD
    assert check_new_password("a-new-one-2026", "a-new-one-2025"
                              ) is FormProblem.PASSWORDS_DIFFER
    assert check_new_password("a-new-one-2026", "a-new-one-2026", ""
                              ) is FormProblem.NO_CURRENT_PASSWORD
    assert check_new_password("same-as-before", "same-as-before", "same-as-before"
                              ) is FormProblem.SAME_PASSWORD


def test_area_names_and_role_order():
    tree = [Area("js", "Jakarta Selatan", AreaKind.KOTA,
                 (Area("js.tebet", "Tebet", AreaKind.KECAMATAN),))]
    assert area_names(("js.tebet", "js", "new-area"), tree) == (
        "Tebet", "Jakarta Selatan", "new-area")
    assert role_order((Role.VIEWER, Role.ADMIN)) == (Role.ADMIN, Role.VIEWER)
