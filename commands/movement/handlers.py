"""One handler per movement command."""

from __future__ import annotations

from datetime import timedelta

from commands.movement.analysis import VideoAnalysis
from commands.movement.workout import Workout
from commands.unit_of_work import UnitOfWork
from commands.uploads import Uploads
from contracts.commands import CommandAccepted
from contracts.movement.commands import (
    CompleteAnalysis,
    ConfirmUploadRemoved,
    CorrectWorkout,
    DeleteUpload,
    DeleteWorkout,
    ExpireUpload,
    FailAnalysis,
    FailUploadRemoval,
    RecordWorkout,
    ReportAnalysisProgress,
    RequestUpload,
    SubmitLandmarks,
    SubmitVideo,
)
from contracts.movement.events import AnalysisCompleted


async def request_upload(
    cmd: RequestUpload, uow: UnitOfWork, upload_expiry: timedelta
) -> CommandAccepted:
    return await uow.save(VideoAnalysis.request(cmd, upload_expiry))


async def delete_upload(cmd: DeleteUpload, uow: UnitOfWork) -> CommandAccepted:
    analysis = await uow.load(VideoAnalysis, str(cmd.analysis_id))
    analysis.delete(cmd)
    return await uow.save(analysis)


async def expire_upload(cmd: ExpireUpload, uow: UnitOfWork) -> CommandAccepted:
    analysis = await uow.load(VideoAnalysis, str(cmd.analysis_id))
    analysis.expire(cmd)
    return await uow.save(analysis)


async def confirm_upload_removed(cmd: ConfirmUploadRemoved, uow: UnitOfWork) -> CommandAccepted:
    analysis = await uow.load(VideoAnalysis, str(cmd.analysis_id))
    analysis.confirm_removed(cmd)
    return await uow.save(analysis)


async def submit_video(cmd: SubmitVideo, uow: UnitOfWork, uploads: Uploads) -> CommandAccepted:
    analysis = await uow.load(VideoAnalysis, str(cmd.analysis_id))
    analysis.submit(cmd, await uploads.size_of(analysis.object_key))
    return await uow.save(analysis)


async def submit_landmarks(
    cmd: SubmitLandmarks, uow: UnitOfWork, uploads: Uploads
) -> CommandAccepted:
    analysis = await uow.load(VideoAnalysis, str(cmd.analysis_id))
    analysis.submit_landmarks(cmd, await uploads.size_of(analysis.object_key))
    return await uow.save(analysis)


async def report_analysis_progress(cmd: ReportAnalysisProgress, uow: UnitOfWork) -> CommandAccepted:
    analysis = await uow.load(VideoAnalysis, str(cmd.analysis_id))
    analysis.progress(cmd)
    return await uow.save(analysis)


async def complete_analysis(cmd: CompleteAnalysis, uow: UnitOfWork) -> CommandAccepted:
    """The verdict, and the workout it proves, in one transaction."""
    analysis = await uow.load(VideoAnalysis, str(cmd.analysis_id))
    analysis.complete(cmd)
    [done] = [event for event in analysis.pending if isinstance(event, AnalysisCompleted)]
    await uow.save(Workout.proven_by(done, analysis.submitted_at, analysis.client_reps))
    return await uow.save(analysis)


async def fail_analysis(cmd: FailAnalysis, uow: UnitOfWork) -> CommandAccepted:
    analysis = await uow.load(VideoAnalysis, str(cmd.analysis_id))
    analysis.fail(cmd)
    return await uow.save(analysis)


async def record_workout(cmd: RecordWorkout, uow: UnitOfWork) -> CommandAccepted:
    return await uow.save(Workout.record_new(cmd))


async def correct_workout(cmd: CorrectWorkout, uow: UnitOfWork) -> CommandAccepted:
    workout = await uow.load(Workout, str(cmd.workout_id))
    workout.correct(cmd)
    return await uow.save(workout)


async def delete_workout(cmd: DeleteWorkout, uow: UnitOfWork) -> CommandAccepted:
    workout = await uow.load(Workout, str(cmd.workout_id))
    workout.delete(cmd)
    return await uow.save(workout)


async def fail_upload_removal(cmd: FailUploadRemoval, uow: UnitOfWork) -> CommandAccepted:
    analysis = await uow.load(VideoAnalysis, str(cmd.analysis_id))
    analysis.removal_failed(cmd)
    return await uow.save(analysis)
