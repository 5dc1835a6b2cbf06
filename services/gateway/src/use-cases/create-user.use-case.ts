import { ConflictException, Injectable } from '@nestjs/common';
import { hashPassword } from '@verity/auth';
import { uuidv7 } from '@verity/contracts';
import { isUniqueViolation } from '../db/sql.helpers';
import { CreateUserInput } from '../http/people.schemas';
import { User } from '../domain/user.model';
import { UsersRepository } from '../db/users.repository';

/** An admin creates a person's account. */
@Injectable()
export class CreateUserUseCase {
  constructor(private readonly users: UsersRepository) {}

  async execute(input: CreateUserInput): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.users.insert({ id: uuidv7(), email: input.email, displayName: input.displayName, roles: input.roles, passwordHash });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException('a user with this e-mail already exists');
      throw err;
    }
  }
}
