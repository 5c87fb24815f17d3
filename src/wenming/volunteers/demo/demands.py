"""群众点单 and the resource libraries of the demo: demands in every state (one unclaimed long
enough to have gone up to its 所), the service menu and the equipment of 田家庵区's town teams."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from wenming.regions.models import Region
from wenming.volunteers.demo.names import DEMANDS, EQUIPMENT, OFFERS, SURNAMES
from wenming.volunteers.models import (
    Demand,
    DemandChannel,
    DemandEvent,
    DemandState,
    Equipment,
    ServiceOffer,
    Team,
    TeamKind,
)


def load_demands(rng, villages, stations, institutes, managed, manager) -> None:
    now = timezone.now()
    states = [
        DemandState.SUBMITTED,
        DemandState.OPEN,
        DemandState.CLAIMED,
        DemandState.COMPLETED,
        DemandState.COMPLETED,
        DemandState.DECLINED,
    ]
    team_of = {t.region_id: t for t in Team.objects.filter(kind=TeamKind.PARTY)}
    for index in range(24):
        village = villages[(index * 7) % len(villages)]
        if managed is not None and index < 3:
            village = managed.region
        category, title = DEMANDS[index % len(DEMANDS)]
        state = states[index % len(states)]
        created = now - timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 8))
        team = team_of.get(village.code[:9] + "000")
        if index < 3 and managed is not None:
            team = managed
        demand = Demand.objects.create(
            category=category,
            title=title,
            region=village,
            handler_region=village,
            station=stations.get(village.code),
            address=f"{village.name}{rng.randint(1, 30)}栋",
            requester_name=rng.choice(SURNAMES) + rng.choice(["阿姨", "大爷", "女士", "先生"]),
            requester_phone=f"13{rng.randrange(5, 10)}{rng.randrange(10**7, 10**8)}",
            channel=DemandChannel.PUBLIC if index % 2 else DemandChannel.WORKER,
            state=state,
            escalate_after=created + timedelta(days=5),
            team=team if state in (DemandState.CLAIMED, DemandState.COMPLETED) else None,
            decline_reason="属于商业服务范围，已告知可联系物业"
            if state == DemandState.DECLINED
            else "",
            hours=Decimal(rng.choice([2, 3, 4])) if state == DemandState.COMPLETED else None,
            served_people=rng.randint(1, 5) if state == DemandState.COMPLETED else None,
            result="已上门完成服务" if state == DemandState.COMPLETED else "",
            completed_at=created + timedelta(days=2) if state == DemandState.COMPLETED else None,
            rating=rng.choice([4, 5, 5]) if state == DemandState.COMPLETED and index % 4 else None,
        )
        Demand.objects.filter(pk=demand.pk).update(created=created)
        _demand_history(demand, state, created, now, village, institutes)


def _demand_history(demand, state, created, now, village, institutes) -> None:
    """The demand's events to its state; one left unclaimed past the limit has gone up to the
    town's 所."""
    DemandEvent.objects.create(demand=demand, action="post", to_state=DemandState.SUBMITTED)
    if state != DemandState.SUBMITTED:
        action = "decline" if state == DemandState.DECLINED else "accept"
        DemandEvent.objects.create(
            demand=demand, action=action, from_state=DemandState.SUBMITTED, to_state=state
        )
    # Unclaimed for more than the limit: gone up to the town's 所 (as the daily tick does).
    if state in (DemandState.SUBMITTED, DemandState.OPEN) and created < now - timedelta(days=7):
        town = Region.objects.get(pk=village.code[:9] + "000")
        Demand.objects.filter(pk=demand.pk).update(
            escalated_at=created + timedelta(days=5),
            escalated_to=institutes.get(town.code),
            handler_region=town,
        )
        DemandEvent.objects.create(
            demand=demand,
            action="escalate",
            from_state=state,
            to_state=state,
            note="3 个工作日内无人认领，上报" + town.name + "新时代文明实践所",
        )


def load_resources(managed: Team | None) -> None:
    """The service menu and the equipment library: four offers and four kinds of equipment per
    town team of 田家庵区, plus community1's team."""
    teams = list(Team.objects.filter(kind=TeamKind.PARTY, region__pk__startswith="340403"))
    if managed is not None:
        teams.append(managed)
    offers, equipment = [], []
    for team in teams:
        for title, category, text in OFFERS:
            offers.append(
                ServiceOffer(
                    team=team,
                    title=title,
                    category=category,
                    description=text,
                    region_id=team.region_id,
                )
            )
        for name, quantity in EQUIPMENT:
            equipment.append(
                Equipment(
                    name=name,
                    team=team,
                    region_id=team.region_id,
                    address=f"{team.region.name}党群服务中心",
                    quantity=quantity,
                )
            )
    ServiceOffer.objects.bulk_create(offers)
    Equipment.objects.bulk_create(equipment)
