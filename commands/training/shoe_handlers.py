"""One handler per shoe command. A clock is a dependency: when a shoe became the default
decides which default is the latest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from commands.training.shoe import Shoe
from commands.unit_of_work import UnitOfWork
from contracts.commands import CommandAccepted
from contracts.training.shoes import AddShoe, MakeShoeDefault, RenameShoe, RetireShoe, SetShoeLimit

Clock = Callable[[], datetime]


async def add_shoe(cmd: AddShoe, uow: UnitOfWork, clock: Clock) -> CommandAccepted:
    return await uow.save(Shoe.add(cmd, clock()))


async def rename_shoe(cmd: RenameShoe, uow: UnitOfWork) -> CommandAccepted:
    shoe = await uow.load(Shoe, str(cmd.shoe_id))
    shoe.rename(cmd)
    return await uow.save(shoe)


async def set_shoe_limit(cmd: SetShoeLimit, uow: UnitOfWork) -> CommandAccepted:
    shoe = await uow.load(Shoe, str(cmd.shoe_id))
    shoe.set_limit(cmd)
    return await uow.save(shoe)


async def make_shoe_default(cmd: MakeShoeDefault, uow: UnitOfWork, clock: Clock) -> CommandAccepted:
    shoe = await uow.load(Shoe, str(cmd.shoe_id))
    shoe.make_default(cmd, clock())
    return await uow.save(shoe)


async def retire_shoe(cmd: RetireShoe, uow: UnitOfWork) -> CommandAccepted:
    shoe = await uow.load(Shoe, str(cmd.shoe_id))
    shoe.retire(cmd)
    return await uow.save(shoe)
