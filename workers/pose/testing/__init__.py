"""Test footage, for tests and benchmarks only: production modules never import this package.

Synthetic athletes (`scenes`, on the body model of `poses`): landmark sequences with a known
number of reps, where no real footage of a known count exists; and `astronaut_video`
(`footage`), real pixels of a person hopping."""

from workers.pose.testing.footage import astronaut_video
from workers.pose.testing.scenes import HEAD, LOWER_LEGS, Script, generate

__all__ = ["HEAD", "LOWER_LEGS", "Script", "astronaut_video", "generate"]
