import { create } from '@bufbuild/protobuf';
import { newEnvelope, TaskSchema, TOPICS } from '@verity/contracts';
import { choice, machineAnnotation, modelInfo, prelabelEvent } from './prelabel-events.factory';

describe('machine annotation', () => {
  it('names the tasks.v1 event of its task (the prelabel event is caused by it) for the audit chain', () => {
    const task = create(TaskSchema, { taskId: 't1', itemId: 'i1', projectId: 'p1', questionId: 'q1', ontologyVersion: 1 });
    const taskEnvelope = newEnvelope({ producer: 'decomposition', projectId: 'p1', spec: TOPICS.tasks });
    const model = modelInfo({ backend: 'local', modelId: 'm1', modelVersion: 'v1', promptVersion: '', confidence: 0.99, calibrated: 0.99 });
    const prelabel = prelabelEvent({
      task,
      cause: taskEnvelope,
      route: 'auto_accept',
      draft: choice('spam'),
      model,
      threshold: 0.9,
      detail: '',
      latencyMs: 1,
      weakLabels: [],
      calibrationVersion: 'isotonic/local-v1',
    });
    const a = machineAnnotation({ task, prelabel, answer: choice('spam'), model, audit: false });
    expect(a.taskEventId).toBe(taskEnvelope.eventId);
    expect(a.envelope?.causationId).toBe(prelabel.envelope!.eventId);
  });
});
