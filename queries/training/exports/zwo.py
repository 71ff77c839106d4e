"""A structured workout as a Zwift workout file (`.zwo`, XML), sport `run`.

For runs, Zwift reads each step's "power" as a share of the runner's threshold pace (speed over
threshold speed): a step at threshold pace is 1.0. Distance steps become durations at their
target pace (or the threshold pace when they have none); heart-rate targets have no place in
the format and are named in the step's text instead."""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, tostring

from contracts.training.sessions import Repeat, Session, Step

KIND_SHARE = {"warmup": 0.65, "steady": 0.75, "work": 0.95, "recovery": 0.55, "cooldown": 0.6}
"""A step without a pace target runs at this share of threshold speed."""


def _seconds(step: Step, threshold_s_per_km: float) -> int:
    if step.duration_s is not None:
        return step.duration_s
    pace = step.pace.middle_s_per_km if step.pace else threshold_s_per_km
    return max(1, round((step.distance_m or 0) / 1000 * pace))


def _share(step: Step, threshold_s_per_km: float) -> float:
    if step.pace is None:
        return KIND_SHARE[step.kind]
    return round(threshold_s_per_km / step.pace.middle_s_per_km, 3)


def _block(parent: Element, step: Step, threshold: float) -> None:
    seconds, share = str(_seconds(step, threshold)), _share(step, threshold)
    if step.kind == "warmup":
        SubElement(parent, "Warmup", Duration=seconds, PowerLow=f"{share * 0.8:.3f}",
                   PowerHigh=f"{share:.3f}")  # fmt: skip
    elif step.kind == "cooldown":
        SubElement(parent, "Cooldown", Duration=seconds, PowerLow=f"{share:.3f}",
                   PowerHigh=f"{share * 0.8:.3f}")  # fmt: skip
    else:
        SubElement(parent, "SteadyState", Duration=seconds, Power=f"{share:.3f}")


def _repeat(parent: Element, repeat: Repeat, threshold: float) -> None:
    if len(repeat.steps) == 2:  # on and off: Zwift's own interval block
        on, off = repeat.steps
        SubElement(
            parent, "IntervalsT", Repeat=str(repeat.times),
            OnDuration=str(_seconds(on, threshold)), OffDuration=str(_seconds(off, threshold)),
            OnPower=f"{_share(on, threshold):.3f}", OffPower=f"{_share(off, threshold):.3f}",
        )  # fmt: skip
        return
    for _ in range(repeat.times):
        for step in repeat.steps:
            _block(parent, step, threshold)


def to_zwo(session: Session, threshold_s_per_km: float, author: str = "Pacer") -> bytes:
    root = Element("workout_file")
    SubElement(root, "author").text = author
    SubElement(root, "name").text = session.title
    SubElement(root, "description").text = session.notes or session.title
    SubElement(root, "sportType").text = "run"
    SubElement(root, "tags")
    workout = SubElement(root, "workout")
    for item in session.steps:
        if isinstance(item, Repeat):
            _repeat(workout, item, threshold_s_per_km)
        else:
            _block(workout, item, threshold_s_per_km)
    document: bytes = tostring(root, encoding="utf-8", xml_declaration=True)
    return document
