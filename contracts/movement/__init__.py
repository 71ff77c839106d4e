"""The movement context: exercise videos and landmarks analysed by the pose engine, and
workouts."""
