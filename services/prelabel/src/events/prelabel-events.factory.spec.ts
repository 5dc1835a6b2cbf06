import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { AnnotationEventSchema, ModelBackend, newEnvelope, TaskSchema, TOPICS } from '@verity/contracts';
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

describe('modelInfo', () => {
  it('names the label model as its backend and carries its LF votes through a round trip on annotations.v1', () => {
    const task = create(TaskSchema, { taskId: 't2', itemId: 'i2', projectId: 'p1', questionId: 'q1', ontologyVersion: 1 });
    const model = modelInfo({
      backend: 'labelmodel',
      modelId: 'labelmodel/p1/q1',
      modelVersion: '3',
      promptVersion: '',
      confidence: 0.97,
      calibrated: 0.96,
      lfVotes: [{ lfId: 'links', lfVersion: 2, optionId: 'spam' }],
    });
    expect(model.backend).toBe(ModelBackend.LABEL_MODEL);
    const prelabel = prelabelEvent({ task, route: 'auto_accept', draft: choice('spam'), model, threshold: 0.9, detail: '', latencyMs: 1, weakLabels: [], calibrationVersion: '' });
    const a = machineAnnotation({ task, prelabel, answer: choice('spam'), model, audit: false });
    const back = fromBinary(AnnotationEventSchema, toBinary(AnnotationEventSchema, a));
    expect(back.model?.lfVotes.map((v) => [v.lfId, v.lfVersion, v.optionId])).toEqual([['links', 2, 'spam']]);
    expect(modelInfo({ backend: 'local', modelId: 'm', modelVersion: '1', promptVersion: '' }).lfVotes).toEqual([]);
  });
});
