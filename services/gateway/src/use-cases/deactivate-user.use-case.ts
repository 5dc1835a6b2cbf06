import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { User } from '../domain/user.model';
import { UsersRepository } from '../db/users.repository';

/** An admin deactivates an account: no new tokens; existing ones lapse within JWT_TTL_SECONDS. */
@Injectable()
export class DeactivateUserUseCase {
  constructor(private readonly users: UsersRepository) {}

  async execute(callerId: string, userId: string): Promise<User> {
    if (callerId === userId) throw new BadRequestException('an admin cannot deactivate their own account');
    const user = await this.users.setActive(userId, false);
    if (!user) throw new NotFoundException('user not found');
    return user;
  }
}
