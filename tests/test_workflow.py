"""The shared workflow shape, on a real model (a region's name stands in for a state)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wenming.workflow import ANY_PARTY, Transition, Workflow, WorkflowError

CLERK, BOSS = "clerk", "boss"


class Doc:
    def __init__(self, state="draft", owner="a"):
        self.state, self.owner = state, owner


def _workflow(**kw):
    return Workflow(
        "doc",
        {
            "draft": {"submit": Transition("submitted", frozenset({CLERK}), "owner", "提交")},
            "submitted": {
                "approve": Transition("approved", frozenset({BOSS}), ANY_PARTY, "通过"),
                "return": Transition(
                    "draft", frozenset({BOSS}), ANY_PARTY, "退回", needs_note=True, waits=False
                ),
            },
            "approved": {},
        },
        role_of=lambda actor: actor["role"],
        parties={"owner": lambda actor, doc: actor["name"] == doc.owner},
        **kw,
    )


def test_allowed_follows_role_party_and_state():
    wf = _workflow()
    doc = Doc()
    assert wf.allowed({"role": CLERK, "name": "a"}, doc) == ["submit"]
    assert wf.allowed({"role": CLERK, "name": "b"}, doc) == []
    assert wf.allowed({"role": BOSS, "name": "a"}, doc) == []
    doc.state = "submitted"
    assert wf.allowed({"role": BOSS, "name": "x"}, doc) == ["approve", "return"]
    assert wf.waiting({"role": BOSS, "name": "x"}, doc) == ["approve"]
    assert wf.is_final("approved")


def test_check_refuses_with_a_code_the_api_can_map():
    wf = _workflow()
    with pytest.raises(WorkflowError) as refused:
        wf.check({"role": BOSS, "name": "x"}, Doc(), "approve")
    assert refused.value.code == WorkflowError.STATE
    with pytest.raises(WorkflowError) as refused:
        wf.check({"role": CLERK, "name": "b"}, Doc(), "submit")
    assert refused.value.code == WorkflowError.FORBIDDEN


def test_guards_hide_and_refuse_actions():
    wf = _workflow(guards={"submit": lambda doc: doc.owner != "locked"})
    doc = Doc(owner="locked")
    assert wf.allowed({"role": CLERK, "name": "locked"}, doc) == []


def test_a_table_must_name_its_parties_and_states():
    with pytest.raises(ValueError, match="parties"):
        Workflow("x", {"a": {"go": Transition("a", frozenset(), "nobody", "")}}, role_of=str)
    with pytest.raises(ValueError, match="unknown states"):
        Workflow("x", {"a": {"go": Transition("b", frozenset(), ANY_PARTY, "")}}, role_of=str)


def test_one_handler_per_action():
    wf = _workflow()
    wf.handler("submit")(lambda doc, **kw: None)
    with pytest.raises(ValueError):
        wf.handler("submit")(lambda doc, **kw: None)
    with pytest.raises(ValueError):
        wf.handler("fly")


@pytest.mark.django_db
def test_run_locks_handles_moves_and_records():
    from wenming.regions.models import Region

    region = Region.objects.create(code="340400000000", name="draft", level="city")
    events = []
    wf = Workflow(
        "region",
        {
            "draft": {"rename": Transition("final", frozenset({CLERK}), ANY_PARTY, "改名")},
            "final": {},
        },
        role_of=lambda actor: actor,
        on_transition=lambda obj, **kw: events.append((obj.name, kw["action"], kw["data"])),
        state_field="name",
    )

    @wf.handler("rename")
    def _rename(obj, *, actor, transition, from_state, note=""):
        if note == "no":
            raise WorkflowError("不行", code=WorkflowError.INPUT)
        return {"from": from_state}

    with pytest.raises(WorkflowError):
        wf.run(region.pk, "rename", actor=CLERK, model=Region, note="no")
    region.refresh_from_db()
    assert region.name == "draft" and events == []

    saved = wf.run(region, "rename", actor=CLERK, note="ok")
    assert saved.name == "final"
    assert events == [("final", "rename", {"from": "draft"})]
    with pytest.raises(WorkflowError) as refused:
        wf.run(region, "rename", actor=CLERK)
    assert refused.value.code == WorkflowError.STATE


@settings(max_examples=60)
@given(st.lists(st.sampled_from(["submit", "approve", "return"]), max_size=12))
def test_any_sequence_of_actions_stays_in_the_table(actions):
    wf = _workflow()
    doc = Doc()
    clerk, boss = {"role": CLERK, "name": "a"}, {"role": BOSS, "name": "x"}
    for action in actions:
        actor = clerk if action == "submit" else boss
        if action in wf.allowed(actor, doc):
            doc.state = wf.check(actor, doc, action).to
        else:
            with pytest.raises(WorkflowError):
                wf.check(actor, doc, action)
        assert doc.state in wf.states
    assert ("approved" == doc.state) <= ("approve" in actions)


def test_guards_take_facts_the_caller_already_knows():
    asked = []

    def unlocked(doc, locked=None):
        asked.append(locked)
        return not (doc.owner == "locked" if locked is None else locked)

    wf = _workflow(guards={"submit": unlocked})
    clerk = {"role": CLERK, "name": "a"}
    assert wf.allowed(clerk, Doc(), locked=True) == []
    assert wf.allowed(clerk, Doc()) == ["submit"]
    assert wf.waiting(clerk, Doc(), locked=False) == ["submit"]
    assert asked == [True, None, False]


@pytest.mark.django_db
def test_run_checks_the_version_and_hands_the_inputs_to_the_recorder(django_user_model):
    from wenming.notifications.models import Message

    user = django_user_model.objects.create(username="clerk")
    message = Message.objects.create(recipient=user, kind="dispatch", title="t", backend="draft")
    recorded = []

    def record(obj, *, action, inputs, **kw):
        recorded.append((action, obj.attempts, inputs["photos"]))

    wf = Workflow(
        "message",
        {
            "draft": {"send": Transition("final", frozenset({CLERK}), ANY_PARTY, "发送")},
            "final": {"send": Transition("draft", frozenset({CLERK}), ANY_PARTY, "重发")},
        },
        role_of=lambda actor: actor,
        on_transition=record,
        state_field="backend",
        version_field="attempts",
    )
    with pytest.raises(WorkflowError) as refused:
        wf.run(message, "send", actor=CLERK, expected_version=1, photos=["a.jpg"])
    assert refused.value.code == WorkflowError.CONFLICT and refused.value.allowed == ["send"]
    saved = wf.run(message, "send", actor=CLERK, expected_version=0, photos=["a.jpg"])
    assert (saved.backend, saved.attempts) == ("final", 1)
    assert recorded == [("send", 1, ["a.jpg"])]
    with pytest.raises(ValueError):
        _workflow().check_version(CLERK, Doc(), 3)
