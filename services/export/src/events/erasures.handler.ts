import { Injectable, OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { EventRuntime, itemErasedHandler } from '@verity/service-runtime';
import { ExcludeErasedItemUseCase } from '../use-cases/exclude-erased-item.use-case';

/** erasures.v1 on its own group (`export.erasures`). */
@Injectable()
export class ErasuresHandler implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly exclude: ExcludeErasedItemUseCase,
  ) {}

  onModuleInit(): void {
    this.runtime.consumer({ groupSuffix: 'erasures', fromBeginning: true }).subscribe(
      TOPICS.erasures,
      itemErasedHandler(this.runtime, 'export', (tx, e) => this.exclude.execute(tx, e)),
    );
  }
}
