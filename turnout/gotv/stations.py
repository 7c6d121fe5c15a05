"""Which polling station a person votes at, from the organization's imported polling-station
data (canvassing): the station code on their address, else the address matched to an imported
address point, else the stations of their commune. Read-only."""

from __future__ import annotations

from turnout.canvassing.models import AddressPoint, PollingStation
from turnout.people.models import PostalAddress


def _station_text(station: PollingStation) -> str:
    parts = [station.name or str(station), station.place]
    return ", ".join(p for p in parts if p)


def _by_code(organization, code: str) -> PollingStation | None:
    commune, _sep, number = code.partition("_")
    if not commune or not number.isdigit():
        return None
    return PollingStation.objects.filter(
        organization=organization, commune_code=commune, number=int(number)
    ).first()


def station_for(person) -> tuple[PollingStation | None, list[PollingStation]]:
    """(the person's station, None when unknown; the commune's stations when only the commune
    is known)."""
    address = PostalAddress.objects.filter(person=person).order_by("-primary", "id").first()
    if address is None:
        return None, []
    organization = person.organization
    if address.polling_station:
        station = _by_code(organization, address.polling_station)
        if station:
            return station, []
    points = AddressPoint.objects.filter(organization=organization, station__isnull=False)
    if address.postal_code and address.address_lines:
        line = address.address_lines.splitlines()[0].strip()
        number, _sep, street = line.partition(" ")
        if street:
            point = (
                points.filter(
                    postal_code=address.postal_code, number__iexact=number, street__iexact=street
                )
                .select_related("station")
                .first()
            )
            if point:
                return point.station, []
    communes = set()
    if address.postal_code:
        communes |= set(
            AddressPoint.objects.filter(organization=organization, postal_code=address.postal_code)
            .exclude(commune_code="")
            .values_list("commune_code", flat=True)
            .distinct()[:5]
        )
    stations = PollingStation.objects.filter(organization=organization)
    if communes:
        return None, list(stations.filter(commune_code__in=communes)[:20])
    if address.locality:
        return None, list(stations.filter(commune_name__iexact=address.locality.strip())[:20])
    return None, []


def station_text(person) -> str:
    """What the reminder says: the station, or the commune's stations when there are only a
    few, or "" (the text then says "see your voter card")."""
    station, commune = station_for(person)
    if station:
        return _station_text(station)
    if 0 < len(commune) <= 3:
        return " / ".join(_station_text(s) for s in commune)
    return ""
