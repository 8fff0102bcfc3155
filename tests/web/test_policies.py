"""The policy editor: admins only, every save a new version, the domain's problems by field."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guanxi.planning.models import QualificationPolicy
from guanxi.planning.services import qualification_policy_create, qualification_policy_default
from tests.conftest import World
from tests.web.conftest import client_for, has_inline_style


@pytest.fixture
def policy(world: World) -> QualificationPolicy:
    return qualification_policy_default()


def edit_url(policy: QualificationPolicy) -> str:
    return reverse("policy-edit", args=[policy.pk])


def form_data(client: Client, policy: QualificationPolicy) -> dict[str, str]:
    """What the edit form sends back unchanged: every field's current value."""
    response = client.get(edit_url(policy))
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if field.widget.input_type == "checkbox":
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    return data


def save(client: Client, policy: QualificationPolicy, **changes: str) -> tuple[int, str]:
    data = form_data(client, policy) | changes
    response = client.post(edit_url(policy), data)
    return response.status_code, response.content.decode()


def test_only_admins_see_the_policies(world: World, policy: QualificationPolicy) -> None:
    body = client_for(world.admin).get(reverse("policies")).content.decode()
    assert "default" in body and 'id="default-badge"' in body
    assert 'id="policies-link"' in body
    for user in (world.owner, world.teammate, world.manager, world.executive):
        client = client_for(user)
        assert client.get(reverse("policies")).status_code == 404, user.username
        assert client.get(edit_url(policy)).status_code == 404, user.username
        assert client.post(edit_url(policy), {}).status_code == 404, user.username
        url = reverse("policy-default", args=[policy.pk])
        assert client.post(url).status_code == 404, user.username
        assert client.post(reverse("policy-create"), {"name": "x"}).status_code == 404
        assert 'id="policies-link"' not in client.get(reverse("accounts")).content.decode()


def test_the_editor_shows_weights_curve_points_gates_and_cutoffs(
    world: World, policy: QualificationPolicy
) -> None:
    response = client_for(world.admin).get(edit_url(policy))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="c-volume-weight"' in body and 'value="25"' in body
    assert 'name="c-volume-revenue_t12m-x5"' in body  # the sixth point of the volume curve
    assert 'name="c-volume-revenue_t12m-x7"' in body  # and two empty ones to add
    assert 'name="g0-flag"' in body and 'name="g5-flag"' in body  # five gates and a new one
    assert 'name="cutoff_A"' in body and 'value="75"' in body
    assert 'value="10000000"' in body  # whole numbers without a trailing .0
    assert "Sales volume, revenue, last 12 months: value of point 1" in body
    assert not has_inline_style(body)


def test_each_save_is_a_new_version_and_the_default_stays(
    world: World, policy: QualificationPolicy
) -> None:
    client = client_for(world.admin)
    status, _ = save(client, policy, **{"c-margin-weight": "30", "cutoff_A": "80"})
    assert status == 302
    versions = list(QualificationPolicy.objects.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    newest = versions[1]
    assert newest.definition["criteria"][1]["weight"] == 30
    assert newest.definition["tier_cutoffs"]["A"] == 80
    assert newest.is_default and not QualificationPolicy.objects.get(version=1).is_default
    assert newest.created_by == world.admin
    assert versions[0].definition["tier_cutoffs"]["A"] == 75  # never edited in place
    body = client.get(reverse("policies")).content.decode()
    assert "Saved as default v2." in body


def test_points_and_gates_can_be_added_and_removed(
    world: World, policy: QualificationPolicy
) -> None:
    client = client_for(world.admin)
    status, _ = save(
        client,
        policy,
        **{
            "c-volume-revenue_t12m-x6": "20000000",
            "c-volume-revenue_t12m-y6": "100",
            "g4-delete": "on",  # the declining gate
            "g5-flag": "declining",
            "g5-metric": "growth_qoq_pct",
            "g5-when": "below",
            "g5-threshold": "-20",
        },
    )
    assert status == 302
    newest = QualificationPolicy.objects.get(version=2).definition
    curve = newest["criteria"][0]["measures"][0]["curve"]
    assert curve[-1] == [20_000_000, 100]
    gates = newest["gates"]
    assert len(gates) == 5
    assert gates[-1]["metric"] == "growth_qoq_pct" and gates[-1]["threshold"] == -20


def test_zero_weights_are_refused_with_the_reason(
    world: World, policy: QualificationPolicy
) -> None:
    client = client_for(world.admin)
    zeros = {f"c-{c}-weight": "0" for c in ("volume", "margin", "growth", "potential", "payment",
                                              "access_to_goals", "openness")}  # fmt: skip
    status, body = save(client, policy, **zeros)
    assert status == 200
    assert "The weights must add up to more than zero." in body
    assert QualificationPolicy.objects.count() == 1


def test_a_curve_that_rewards_the_worse_value_is_shown_at_the_curve(
    world: World, policy: QualificationPolicy
) -> None:
    client = client_for(world.admin)
    status, body = save(client, policy, **{"c-margin-gross_margin_pct-y4": "10"})
    assert status == 200
    curve = body[body.index('id="curve-margin-gross_margin_pct"') :][:6000]
    assert "This curve rewards the worse value; turn it around." in curve
    assert "Margin · gross margin %: This curve rewards the worse value" in body  # the summary
    assert 'href="#curve-margin-gross_margin_pct"' in body  # which links to the curve


def test_a_curve_out_of_order_and_a_half_point_are_refused(
    world: World, policy: QualificationPolicy
) -> None:
    client = client_for(world.admin)
    _, body = save(client, policy, **{"c-margin-gross_margin_pct-x1": "50"})
    assert "A curve&#x27;s values must increase from point to point." in body
    _, body = save(client, policy, **{"c-margin-gross_margin_pct-x6": "55"})
    assert "Give both the value and its score." in body
    assert 'id="id_c-margin-gross_margin_pct-x6_errors"' in body
    assert QualificationPolicy.objects.count() == 1


def test_a_price_squeezer_gate_may_not_allow_tier_a(
    world: World, policy: QualificationPolicy
) -> None:
    status, body = save(client_for(world.admin), policy, **{"g0-tier_cap": "A"})
    assert status == 200
    assert "Price squeezers and late payers must be capped at tier B or below." in body
    assert 'id="id_g0-tier_cap_errors"' in body
    assert 'aria-invalid="true"' in body[body.index('name="g0-tier_cap"') - 300 :][:600]


def test_without_a_late_payer_gate_the_policy_is_refused(
    world: World, policy: QualificationPolicy
) -> None:
    _, body = save(client_for(world.admin), policy, **{"g2-delete": "on", "g3-delete": "on"})
    assert "The policy needs a gate that flags late payers." in body


def test_cutoffs_out_of_order_are_shown_by_the_field(
    world: World, policy: QualificationPolicy
) -> None:
    _, body = save(client_for(world.admin), policy, cutoff_A="40", cutoff_B="60")
    assert "Tier cut-offs must fall from A to C, within 0 to 100." in body
    assert 'id="id_cutoff_A_errors"' in body
    _, body = save(client_for(world.admin), policy, min_confidence="1.5")
    assert 'id="id_min_confidence_errors"' in body
    assert "This share must lie between 0 and 1." in body


def test_a_new_policy_starts_from_another_and_can_become_the_default(
    world: World, policy: QualificationPolicy
) -> None:
    client = client_for(world.admin)
    response = client.post(reverse("policy-create"), {"name": "strict", "base": policy.pk})
    strict = QualificationPolicy.objects.get(name="strict")
    assert response.status_code == 302 and response["Location"] == edit_url(strict)
    assert strict.definition == policy.definition and not strict.is_default
    body = client.get(reverse("policies")).content.decode()
    assert f'id="make-default-{strict.pk}"' in body

    response = client.post(reverse("policy-default", args=[strict.pk]))
    assert response.status_code == 302
    strict.refresh_from_db()
    policy.refresh_from_db()
    assert strict.is_default and not policy.is_default
    assert QualificationPolicy.objects.filter(name="strict").count() == 1  # no new version


def test_a_policy_name_is_taken_once(world: World, policy: QualificationPolicy) -> None:
    response = client_for(world.admin).post(
        reverse("policy-create"), {"name": "default", "base": policy.pk}
    )
    assert response.status_code == 200
    assert "A policy with this name exists; change it instead." in response.content.decode()


def test_an_old_version_can_be_the_start_of_a_new_one(
    world: World, policy: QualificationPolicy
) -> None:
    client = client_for(world.admin)
    save(client, policy, cutoff_A="80")
    _, body = save(client, policy)  # from version 1 again
    assert "Saved as default v3." in client.get(reverse("policies")).content.decode()
    assert QualificationPolicy.objects.get(version=3).definition["tier_cutoffs"]["A"] == 75
    body = client.get(edit_url(policy)).content.decode()
    assert "You are starting from version 1; the latest is version 3." in body


def test_a_second_policy_saved_as_default_takes_the_flag(world: World) -> None:
    default = qualification_policy_default()
    other = qualification_policy_create(
        actor=world.admin, name="other", definition=default.definition
    )
    status, _ = save(client_for(world.admin), other, make_default="on")
    assert status == 302
    assert QualificationPolicy.objects.get(is_default=True).name == "other"


def test_a_policy_saved_by_nobody_says_when_and_no_one(
    world: World, policy: QualificationPolicy
) -> None:
    """The built-in default is made by no one: no dash where a name would be."""
    client = client_for(world.admin)
    body = client.get(reverse("policies"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Saved {timezone.localtime(policy.created_at):%Y-%m-%d %H:%M}." in body
    assert " by —" not in body and " by ." not in body
    saved = qualification_policy_create(
        actor=world.admin, name="strict", definition=policy.definition
    )
    body = client.get(reverse("policies"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"by {world.admin}." in body
    assert saved.created_by == world.admin
