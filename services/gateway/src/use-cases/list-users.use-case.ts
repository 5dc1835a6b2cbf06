import { Injectable } from '@nestjs/common';
import { User } from '../domain/user.model';
import { UsersRepository } from '../db/users.repository';

/** An admin lists accounts, a page at a time (keyset on id). */
@Injectable()
export class ListUsersUseCase {
  constructor(private readonly users: UsersRepository) {}

  async execute(limit: number, after?: string): Promise<{ users: User[]; next: string | null }> {
    const users = await this.users.list(limit, after);
    return { users, next: users.length === limit ? users[users.length - 1].id : null };
  }
}
