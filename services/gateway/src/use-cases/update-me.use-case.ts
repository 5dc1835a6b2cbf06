import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@verity/auth';
import type { UpdateMeInput } from '../http/people.schemas';
import { User } from '../domain/user.model';
import { UsersRepository } from '../db/users.repository';

/** A person changes their own preferences (the console language). API keys have none. */
@Injectable()
export class UpdateMeUseCase {
  constructor(private readonly users: UsersRepository) {}

  async execute(caller: Principal, input: UpdateMeInput): Promise<User> {
    if (caller.kind !== 'user') throw new ForbiddenException('only a person has preferences to change');
    const user = await this.users.setLocale(caller.id, input.locale);
    if (!user) throw new NotFoundException('user not found');
    return user;
  }
}
