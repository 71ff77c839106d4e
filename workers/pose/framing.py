"""What the camera did not see: body parts out of the picture (or hidden) for most of the
recording. A count of 0 with the lower legs cut off is not "no squats"; the user is told."""

from __future__ import annotations

import numpy as np

from workers.pose.landmarks import VISIBLE, L
from workers.pose.signals import Body

REGIONS: dict[str, tuple[int, ...]] = {
    "head": (L.NOSE,),
    "hands": (L.LEFT_WRIST, L.RIGHT_WRIST),
    "hips": (L.LEFT_HIP, L.RIGHT_HIP),
    "knees": (L.LEFT_KNEE, L.RIGHT_KNEE),
    "lower legs": (L.LEFT_ANKLE, L.RIGHT_ANKLE),
}
MOSTLY_UNSEEN = 0.5


def unseen(body: Body) -> dict[str, float]:
    """Share of the frames with a person in which each region was not seen on either side,
    for the regions unseen most of the time."""
    present = body.visibility[body.detected]
    if not present.size:
        return {}
    shares = {
        region: float(np.mean(present[:, list(joints)].max(axis=1) < VISIBLE))
        for region, joints in REGIONS.items()
    }
    return {region: share for region, share in shares.items() if share > MOSTLY_UNSEEN}


def issues(missing: dict[str, float]) -> list[str]:
    return [
        f"The {region} were out of view in {share * 100:.0f} % of the frames: film the whole "
        "body, head to feet."
        if region != "head"
        else f"The head was out of view in {share * 100:.0f} % of the frames: film the whole "
        "body, head to feet."
        for region, share in missing.items()
    ]
