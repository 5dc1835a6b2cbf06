/**
 * Types of the gateway's HTTP API, for openapi-fetch: `createClient<paths>()`.
 * Generated from openapi.json by `npm run openapi:gen` (openapi-typescript). Do not edit.
 */

export interface paths {
    "/v1/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in: e-mail and password for an access token (401 with a generic message otherwise) */
        post: operations["Auth_token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is calling: the account of a person (with their console locale), or the identity of an API key */
        get: operations["Me_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change one's own preferences: `locale`, the console language (people only) */
        patch: operations["Me_update"];
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List people, a page at a time (admin) */
        get: operations["Users_list"];
        put?: never;
        /** Create a person (admin) */
        post: operations["Users_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate a person: no new tokens (admin) */
        post: operations["Users_deactivate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys, without secrets (admin) */
        get: operations["ApiKeys_list"];
        put?: never;
        /** Create a machine API key (producer or consumer); the token is shown only in this answer (admin) */
        post: operations["ApiKeys_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key (admin) */
        delete: operations["ApiKeys_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Projects the caller belongs to (all for an admin); ?archived=true includes archived ones */
        get: operations["Projects_list"];
        put?: never;
        /** Create a project; the caller becomes its project manager (admin, project_manager) */
        post: operations["Projects_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A project (members and admins; 404 for everyone else) */
        get: operations["Projects_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change name, description, content types, filter or policy (project manager); policy fields merge */
        patch: operations["Projects_update"];
        trace?: never;
    };
    "/v1/projects/{projectId}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a project: it takes no new content (project manager) */
        post: operations["Projects_archive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's members with roles, skills, languages (members and admins) */
        get: operations["Members_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Add a person to the project or change their membership (project manager) */
        put: operations["Members_set"];
        post?: never;
        /** Remove a person from the project (project manager) */
        delete: operations["Members_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/ontologies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's ontology versions, drafts included (members) */
        get: operations["Ontologies_list"];
        put?: never;
        /** Start the next ontology version as a draft (project manager); 400 names every fault */
        post: operations["Ontologies_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/ontologies/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One ontology version (members) */
        get: operations["Ontologies_get"];
        /** Replace a draft (project manager); a published version answers 409 */
        put: operations["Ontologies_update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/ontologies/{a}/diff/{b}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What changed from version a to version b (members): guidelines, questions added, removed and changed, and the migration map of b when b = a + 1 */
        get: operations["Ontologies_diff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/ontologies/{version}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish a draft: immutable, current, announced on projects.v1; relabelPolicy required after the first version; optional migrations (rename, merge, split) from the previous version, 400 naming every fault */
        post: operations["Ontologies_publish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Offer one piece of content: published on content.v1 (producer API key or admin); 413 above the text limit */
        post: operations["Content_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/content:batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Offer content as JSON lines (application/x-ndjson): valid lines published, faulty ones reported by line number */
        post: operations["Content_batch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/tasks/next": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Next task for the caller in a project (assignment service) */
        post: operations["AssignmentProxy_next"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/tasks/mine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's tasks in a project (assignment service) */
        get: operations["AssignmentProxy_mine"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{taskId}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit the answer for a leased task (assignment service) */
        post: operations["AssignmentProxy_submit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{taskId}/skip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Skip a leased task with a reason (assignment service) */
        post: operations["AssignmentProxy_skip"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{taskId}/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The leased task's media, streamed with byte ranges (lease holder only; assignment service) */
        get: operations["AssignmentProxy_media"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/gold": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a gold item for honeypots (project manager; assignment service) */
        post: operations["AssignmentProxy_gold"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/adjudications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The adjudication queue (?state=open|escalated|decided) */
        get: operations["AdjudicationProxy_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/adjudications/next": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Claim the next request (204 when none) */
        post: operations["AdjudicationProxy_next"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/adjudications/{requestId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One request: content, guidelines, answers with reliabilities, draft, reasons */
        get: operations["AdjudicationProxy_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/adjudications/{requestId}/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The request's media, streamed with byte ranges (whoever may read the request) */
        get: operations["AdjudicationProxy_media"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/adjudications/{requestId}/verdict": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give the verdict {label, confidence, note, goldCandidate} */
        post: operations["AdjudicationProxy_verdict"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/adjudications/{requestId}/escalate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Escalate to the project manager {note} */
        post: operations["AdjudicationProxy_escalate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/gold/{requestId}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm a gold candidate (project manager) */
        post: operations["AdjudicationProxy_confirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/releases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project’s releases, newest first */
        get: operations["ExportProxy_list"];
        put?: never;
        /** Write an immutable dataset release to S3 {selection, allowMixedOntologyVersions, parentReleaseId} */
        post: operations["ExportProxy_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/releases/{releaseId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A release and its manifest */
        get: operations["ExportProxy_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/releases/{releaseId}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-read the release from S3 and check every sha256 */
        post: operations["ExportProxy_verify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/releases/{releaseId}/reexport": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Regenerate the files and compare them byte for byte with the release */
        post: operations["ExportProxy_reexport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/releases/{releaseId}/files/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download one file of a release (labels.jsonl, labels.parquet, labels.csv, README.md, manifest.json), streamed, with byte ranges */
        get: operations["ExportProxy_download"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/releases/{releaseId}/label-studio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The release as Label Studio tasks JSON, streamed as an attachment: one task per item with its masked text, the final labels as the consensus annotation, answers by their annotators, machine answers and drafts as predictions */
        get: operations["ExportProxy_labelStudio"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/releases/{releaseId}/diff/{otherId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What changed from one release to another: counts, and the changes a keyset page at a time */
        get: operations["ExportProxy_diff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/labels/{itemId}/{questionId}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How was this label made? Every version with its full provenance and releases */
        get: operations["ExportProxy_audit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/quality": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Agreement over time windows and annotator reliabilities (quality analysts, project managers) */
        get: operations["ExportProxy_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/prelabel/costs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** LLM token usage and cost per model (project managers) */
        get: operations["PrelabelProxy_costs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/prelabel/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Latest model and calibration per question: held-out accuracy, ECE, threshold (quality analysts, project managers)
         * @description Also every version with the model loop measures (accuracy against the previous version on the same labels, label → model latency p50/p90) and the auto-accept share per time bucket (`buckets`, `bucketMs`).
         */
        get: operations["PrelabelProxy_models"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/prelabel/active-learning/select": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the active-learning selection now, within the project’s daily budget (project managers) */
        post: operations["PrelabelProxy_select"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/prelabel/labeling-functions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest version of each labeling function, retired ones included (project managers) */
        get: operations["LabelingFunctionsProxy_list"];
        put?: never;
        /** Create a labeling function: version 1, owned by the caller, run over the tasks held (project managers) */
        post: operations["LabelingFunctionsProxy_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/prelabel/labeling-functions/analysis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Coverage, overlap, conflict, polarity and accuracy per labeling-function version, per question (project managers)
         * @description Accuracy is against the decided labels prelabel holds, with a 95 % Wilson interval; totals are over the active set.
         */
        get: operations["LabelingFunctionsProxy_analysis"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/prelabel/labeling-functions/{lfId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change a labeling function: a changed definition is the next version, run over the tasks held (project managers)
         * @description An unchanged definition creates nothing (`created: false`); a retired LF given a definition is active again, as a new version.
         */
        put: operations["LabelingFunctionsProxy_update"];
        post?: never;
        /** Retire a labeling function (every version): it stops voting; its versions and votes stay (project managers) */
        delete: operations["LabelingFunctionsProxy_retire"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/my-work": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's own answers in a project, newest first, with final labels once decided (quality service)
         * @description `accuracy` (gold and honeypot correct/total with 95 % Wilson intervals) only when the project policy has showAnnotatorAccuracy. Nothing in an answer tells a honeypot from a real task.
         */
        get: operations["MyWorkProxy_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Console sign-in: e-mail and password → the verity_session cookie (HttpOnly, SameSite=Strict) and the account; 401 with a generic message otherwise */
        post: operations["Session_signIn"];
        /** Console sign-out: clears the verity_session cookie (204, with or without a session) */
        delete: operations["Session_signOut"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/annotators/{annotatorId}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Suspend an annotator in the project: no new work until reinstated (project managers, quality analysts)
         * @description Idempotent. The automatic rule never lifts a suspension set by a person. `reason` is required.
         */
        post: operations["QualityDashboardProxy_suspend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/annotators/{annotatorId}/reinstate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reinstate a suspended annotator in the project (project managers, quality analysts)
         * @description Idempotent. The automatic rule may suspend them again only on newer honeypot or gold evidence.
         */
        post: operations["QualityDashboardProxy_reinstate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/dashboard/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Progress: items in, tasks by state, answers, labels out per bucket; queue depth and ETA (project managers, quality analysts) */
        get: operations["Dashboard_progress"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/dashboard/cost": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cost per label by source (human, expert, LLM, local model, weak supervision) and the mix of label sources over time (project managers) */
        get: operations["Dashboard_cost"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/erasures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's erasure requests with who asked, when, and their status, newest first (project managers, admins) */
        get: operations["Erasures_list"];
        put?: never;
        /** Erase an item's content from the platform, by itemId or by source and sourceId (project managers of the project, admins): audit-logged, then carried out by every service over erasures.v1 */
        post: operations["Erasures_request"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/erasures/{erasureId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One erasure request with its status per service (project managers, admins) */
        get: operations["Erasures_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/imports/label-studio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a Label Studio export (PM of the project, admin): texts become content, predictions drafts, annotations human answers
         * @description The config's <Choices> must match the project's published ontology (question ids, single/multiple choice, option ids), else 422 naming the question. At most 1000 tasks per call (413 naming `tasks`). Predictions and annotations wait (parked) until the content's tasks exist; posting the same export again changes nothing (counted as duplicates). Faulty tasks, annotations or results are left out and listed in `errors`.
         */
        post: operations["LabelStudioImport_import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: operations["Health_healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: Kafka, Postgres and S3 answer */
        get: operations["Health_readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ops/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Dead letters of every contract topic: count, newest, top five reasons (admin) */
        get: operations["Operations_summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ops/dead-letters/{topic}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A topic’s dead letters, newest first, a page at a time; payloads of sensitive (encrypted) topics are never shown (admin) */
        get: operations["Operations_page"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ops/dead-letters/{topic}/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish dead letters again to their original topic (decrypted, original key and headers, marked verity-redriven-*), each at most once (admin) */
        post: operations["Operations_redrive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ops/consumer-lag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Lag of the platform’s consumer groups, per topic and partition (admin) */
        get: operations["Operations_consumerLag"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccessToken: {
            /** @description A JWT: send it as `Authorization: Bearer <token>` */
            accessToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
            /** @description Lifetime in seconds (JWT_TTL_SECONDS) */
            expiresIn: number;
        };
        ActiveLearningSelection: {
            /** @description Items selected for labeling now */
            selected: number;
        };
        AdjudicationAnswer: {
            annotationId: string;
            annotatorId: string;
            /** @description AnswerSource name: HUMAN, MACHINE, EXPERT… */
            source: string;
            /** @description The answer as one key (option ids joined by commas); null when empty */
            label: string | null;
            answer: components["schemas"]["Answer"] | null;
            reliability: number | null;
            weight: number | null;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            submittedAt: string | null;
            timeSpentMs: number;
            draftShown: boolean;
            model: {
                modelId: string;
                promptVersion: string;
                confidence: number | null;
            } | null;
        };
        AdjudicationContent: {
            /** @description ContentType name, e.g. TEXT */
            contentType: string | null;
            maskedText: string | null;
            /** @description GET /v1/adjudications/{requestId}/media (relative to the gateway); null without a payload */
            mediaUrl: string | null;
            /** @description The Content-Type the media is served with; null when unknown */
            mediaType: string | null;
            /** @description protobuf JSON of the ContentReference (source, sourceId, contentSha256…), without its storage location */
            reference: {
                [key: string]: unknown;
            } | null;
            /**
             * @description Where the content came from
             * @enum {string|null}
             */
            source: "request" | "items.v1" | null;
        };
        AdjudicationEntry: {
            requestId: string;
            itemId: string;
            taskId: string;
            questionId: string;
            ontologyVersion: number;
            state: components["schemas"]["AdjudicationState"];
            /** @description Why it needs an expert, e.g. `LOW_AGREEMENT` */
            reasons: string[];
            priority: number;
            detail: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            requestedAt: string;
            /** @description Who holds a live claim; null when none */
            claimedBy: string | null;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            leaseExpiresAt: string | null;
            escalation: {
                by: string | null;
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                at: string | null;
                note: string | null;
            } | null;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            decidedAt: string | null;
        };
        /** @description protobuf JSON of verity.common.v1.Guidelines of the request’s ontology version */
        AdjudicationGuidelines: {
            text?: string;
            examples?: ({
                content?: string;
                questionId?: string;
                answer?: components["schemas"]["Answer"];
                explanation?: string;
            } & {
                [key: string]: unknown;
            })[];
        } & {
            [key: string]: unknown;
        };
        /** @description protobuf JSON of verity.common.v1.Question (defaults left out), with `kind` as its name */
        AdjudicationQuestion: {
            questionId?: string;
            /** @description QuestionKind name, e.g. SINGLE_CHOICE */
            kind: string;
            prompt?: string;
            options?: ({
                optionId?: string;
                label?: string;
                description?: string;
            } & {
                [key: string]: unknown;
            })[];
            required?: boolean;
            minSelections?: number;
            maxSelections?: number;
        } & {
            [key: string]: unknown;
        };
        AdjudicationQueue: {
            projectId: string;
            state: components["schemas"]["AdjudicationState"];
            requests: components["schemas"]["AdjudicationEntry"][];
        };
        /** @description Everything an adjudicator needs to decide */
        AdjudicationRequest: {
            requestId: string;
            itemId: string;
            taskId: string;
            questionId: string;
            ontologyVersion: number;
            state: components["schemas"]["AdjudicationState"];
            /** @description Why it needs an expert, e.g. `LOW_AGREEMENT` */
            reasons: string[];
            priority: number;
            detail: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            requestedAt: string;
            /** @description Who holds a live claim; null when none */
            claimedBy: string | null;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            leaseExpiresAt: string | null;
            escalation: {
                by: string | null;
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                at: string | null;
                note: string | null;
            } | null;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            decidedAt: string | null;
            content: components["schemas"]["AdjudicationContent"];
            question: components["schemas"]["AdjudicationQuestion"] | null;
            /** @description null when that ontology version was never seen */
            guidelines: components["schemas"]["AdjudicationGuidelines"] | null;
            answers: components["schemas"]["AdjudicationAnswer"][];
            majority: string | null;
            machineDraft: components["schemas"]["AdjudicationAnswer"] | null;
            proposedLabel: string | null;
            /** @description Aggregated posterior per label */
            posterior: {
                [key: string]: number;
            };
            agreement: {
                pairwise: number | null;
                answerCount: number;
            } | null;
            aggregation: ({
                method: string | null;
                parameters?: {
                    [key: string]: string;
                };
            } & {
                [key: string]: unknown;
            }) | null;
            thresholds: {
                agreement: number;
                posterior: number;
            };
            /** @description Known answer (honeypots) */
            expectedAnswer: components["schemas"]["Answer"] | null;
            /** @description Once decided */
            verdict: {
                decisionId: string;
                adjudicatorId: string;
                /** @enum {string} */
                tier: "expert" | "project_manager";
                label: string;
                answer: components["schemas"]["Answer"];
                confidence: number;
                note: string;
                goldCandidate: boolean;
                overrodeMajority: boolean;
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                decidedAt: string;
                gold: {
                    confirmedBy: string | null;
                    /**
                     * Format: date-time
                     * @example 2025-06-01T12:00:00.000Z
                     */
                    confirmedAt: string | null;
                    decisionId: string | null;
                } | null;
            } | null;
        };
        /** @enum {string} */
        AdjudicationState: "open" | "escalated" | "decided";
        AnnotatorSuspension: {
            projectId: string;
            annotatorId: string;
            /** @description Suspended from new work in this project after the call */
            suspended: boolean;
            /** @description The suspension was set by a person: the automatic rule never lifts it */
            manual: boolean;
            /** @description Whether this call changed the state (false: it already was so, nothing was published) */
            changed: boolean;
            /** @description The annotators.v1 SUSPENDED / REINSTATED event published; null when nothing changed */
            eventId: string | null;
            /** @description Who changed the suspension last ("quality" for the automatic rule) */
            by: string | null;
            reason: string | null;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            at: string | null;
        };
        /** @description protobuf JSON of verity.common.v1.Answer: at most one kind is set; default values are left out */
        Answer: {
            choice?: {
                optionIds?: string[];
            };
            freeText?: {
                text?: string;
            };
            textSpans?: {
                spans?: {
                    start?: number;
                    end?: number;
                    optionId?: string;
                    text?: string;
                }[];
            };
            timeSegments?: {
                segments?: {
                    startMs?: string;
                    endMs?: string;
                    optionId?: string;
                }[];
            };
            boxes?: {
                boxes?: {
                    x?: number;
                    y?: number;
                    width?: number;
                    height?: number;
                    optionId?: string;
                    frameMs?: string;
                }[];
            };
        };
        /** @description Exactly one of choice, freeText, textSpans, timeSegments, boxes (protobuf JSON of verity.common.v1.Answer) */
        AnswerInput: {
            choice?: {
                optionIds: string[];
            };
            freeText?: {
                text: string;
            };
            textSpans?: {
                spans: {
                    start: number;
                    end: number;
                    optionId: string;
                    text?: string;
                }[];
            };
            timeSegments?: {
                segments: {
                    /** @description Milliseconds: a number, or a decimal string (protobuf JSON of a uint64) */
                    startMs: number | string;
                    /** @description Milliseconds: a number, or a decimal string (protobuf JSON of a uint64) */
                    endMs: number | string;
                    optionId: string;
                }[];
            };
            boxes?: {
                boxes: {
                    x: number;
                    y: number;
                    width: number;
                    height: number;
                    optionId: string;
                    /** @description Milliseconds: a number, or a decimal string (protobuf JSON of a uint64) */
                    frameMs?: number | string;
                }[];
            };
        };
        /** @description A machine's API key (never the secret) */
        ApiKey: {
            id: string;
            name: string;
            roles: components["schemas"]["Role"][];
            /** @description The projects the key is limited to */
            projectIds: string[];
            createdBy: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            revokedAt: string | null;
        };
        ApiKeyList: {
            apiKeys: components["schemas"]["ApiKey"][];
        };
        AutoAcceptPoint: {
            questionId: string;
            /**
             * Format: date-time
             * @description Start of the bucket
             * @example 2025-06-01T12:00:00.000Z
             */
            at: string;
            /** @description Tasks prelabel routed in the bucket (every route) */
            routed: number;
            autoAccepted: number;
            audited: number;
            humanWithDraft: number;
            humanWithoutDraft: number;
            /** @description autoAccepted / routed; null when nothing was routed */
            share: number | null;
        };
        CheckAccuracy: {
            correct: number;
            total: number;
            /** @description correct / total; null before the first check */
            rate: number | null;
            /** @description 95 % Wilson interval, lower bound */
            low: number | null;
            /** @description 95 % Wilson interval, upper bound */
            high: number | null;
        };
        ConsumerLag: {
            groups: components["schemas"]["GroupLag"][];
        };
        ContentAccepted: {
            /** @description Id of the content.v1 event (committed; it will be published) */
            eventId: string;
        };
        ContentBatchResult: {
            accepted: {
                line: number;
                eventId: string;
            }[];
            rejected: components["schemas"]["ContentLineError"][];
        };
        /** @description Which content events belong to the project; empty lists match everything */
        ContentFilter: {
            /** @default [] */
            sources: string[];
            /** @default [] */
            contentTypes: ("text" | "audio" | "video" | "image")[];
            /** @default [] */
            tagsAny: string[];
            /** @default [] */
            languages: string[];
        };
        ContentLineError: {
            /** @description 1-based line number */
            line: number;
            status: 400 | 413;
            message: string;
            errors?: components["schemas"]["FieldError"][];
        };
        ContentRequest: {
            source: string;
            sourceId: string;
            /** @enum {string} */
            contentType: "text" | "audio" | "video" | "image";
            text?: string;
            payloadRef?: {
                /** @default  */
                bucket?: string;
                key: string;
                sha256: string;
                size: number;
                /** @default  */
                mediaType?: string;
            };
            language?: string;
            /** @default [] */
            tags?: string[];
            /** @default {} */
            metadata?: {
                [key: string]: string;
            };
            /** Format: date-time */
            createdAt?: string;
        };
        /** @enum {string} */
        ContentType: "text" | "audio" | "video" | "image";
        CreateApiKeyRequest: {
            name: string;
            roles: ("producer" | "consumer")[];
            /** @default [] */
            projectIds?: string[];
        };
        CreateProjectRequest: {
            name: string;
            /** @default  */
            description?: string;
            contentTypes: ("text" | "audio" | "video" | "image")[];
            /**
             * @default {
             *       "sources": [],
             *       "contentTypes": [],
             *       "tagsAny": [],
             *       "languages": []
             *     }
             */
            filter?: {
                /** @default [] */
                sources?: string[];
                /** @default [] */
                contentTypes?: ("text" | "audio" | "video" | "image")[];
                /** @default [] */
                tagsAny?: string[];
                /** @default [] */
                languages?: string[];
            };
            /** @default {} */
            policy?: {
                answersPerTask?: number;
                honeypotRate?: number;
                agreementThreshold?: number;
                posteriorThreshold?: number;
                reliabilityFloor?: number;
                autoAcceptThreshold?: number | null;
                targetPrecision?: number | null;
                auditRate?: number;
                /** @enum {string} */
                prelabelMode?: "default" | "llm" | "local" | "off";
                routing?: {
                    requiredSkills?: string[];
                    matchLanguage?: boolean;
                };
                keepUnmaskedOriginal?: boolean;
                rawAccessRoles?: ("admin" | "project_manager" | "consumer")[];
                sampling?: {
                    /** @enum {string} */
                    strategy?: "none" | "least_confidence" | "margin" | "entropy" | "random";
                    dailyBudget?: number;
                };
                leaseSeconds?: number;
                showAnnotatorAccuracy?: boolean;
                costs?: {
                    humanPerAnswer?: number;
                    humanPerHour?: number;
                    expertPerVerdict?: number;
                    expertPerHour?: number;
                };
                blindControlRate?: number | null;
            };
        };
        CreateReleaseRequest: {
            name?: string;
            /**
             * @default {
             *       "includeExcluded": false,
             *       "onlyGold": false
             *     }
             */
            selection?: {
                questionIds?: string[];
                ontologyVersions?: number[];
                /** Format: date-time */
                since?: string;
                /**
                 * Format: date-time
                 * @description Cut-off: the latest label version decided before it (default: now, recorded)
                 */
                until?: string;
                /** @default false */
                includeExcluded?: boolean;
                /** @default false */
                onlyGold?: boolean;
                minConfidence?: number;
            };
            /**
             * @description Without it, mixing ontology versions answers 409 `{message, ontologyVersions}`
             * @default false
             */
            allowMixedOntologyVersions?: boolean;
            parentReleaseId?: string;
            /**
             * @description Rows also name the unmasked originals (content.original_payload) where kept; only for a global role the project policy lists in rawAccessRoles (else 403)
             * @default false
             */
            includeRaw?: boolean;
        };
        CreateUserRequest: {
            /** Format: email */
            email: string;
            displayName: string;
            password: string;
            /**
             * @default [
             *       "annotator"
             *     ]
             */
            roles?: ("admin" | "project_manager" | "quality_analyst" | "annotator" | "producer" | "consumer")[];
        };
        CreatedApiKey: {
            id: string;
            name: string;
            roles: components["schemas"]["Role"][];
            /** @description The projects the key is limited to */
            projectIds: string[];
            createdBy: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            revokedAt: string | null;
            /** @description The key itself (vk_<id>_<secret>), shown only in this answer: send it as `x-api-key` */
            token: string;
        };
        CreatedRelease: {
            releaseId: string;
            /** @example s3://verity/releases/<project>/<release>/ */
            location: string;
            manifest: components["schemas"]["ReleaseFileRef"];
            schema_version: number;
            row_schema: string;
            label_schema_version: number;
            release_id: string;
            name: string;
            project_id: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            created_at: string;
            trigger: string;
            requested_by: string;
            parent_release_id: string | null;
            selection: components["schemas"]["ReleaseSelection"];
            label_count: number;
            status_counts: {
                active: number;
                excluded: number;
            };
            ontology_versions: number[];
            class_counts: {
                question_id: string;
                label: string;
                count: number;
            }[];
            label_versions: {
                sha256: string;
                count: number;
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                max_decided_at: string | null;
            };
            /** @description Absent in releases written before streaming */
            parquet_row_groups?: {
                max_rows: number;
                max_jsonl_bytes: number;
            };
            /** @description Layout of the Parquet files (`verity.export.parquet-typed/1`: typed and nested columns); absent in releases written before it (flat columns plus `*_json` strings) */
            parquet_layout?: string;
            files: {
                key: string;
                /**
                 * @description `dataset_card`: README.md of the Hugging Face layout (with data/train-00000-of-00001.parquet)
                 * @enum {string}
                 */
                format: "jsonl" | "parquet" | "csv" | "manifest" | "dataset_card";
                media_type: string;
                sha256: string;
                size: number;
                record_count: number;
            }[];
        };
        DashboardCost: {
            projectId: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            generatedAt: string;
            /** @enum {string} */
            bucket: "minute" | "hour" | "day";
            /**
             * Format: date-time
             * @description Start of the first bucket
             * @example 2025-06-01T12:00:00.000Z
             */
            from: string;
            /**
             * Format: date-time
             * @description End (exclusive)
             * @example 2025-06-01T12:00:00.000Z
             */
            to: string;
            /** @enum {string} */
            currency: "USD";
            /** @description Human: every human answer (answers × price + measured hours × price); expert: every verdict; llm: prelabel token accounting; local and weak labels are not metered (0) */
            perSource: {
                /** @description human, expert, llm, local_model, weak_supervision (external_model when some label came from one) */
                source: string;
                /** @description Current labels that source decided (latest version active) */
                labels: number | null;
                /** @description What that source cost so far, in USD (null: its service did not answer) */
                cost: number | null;
                /** @description cost ÷ labels (null without labels or cost) */
                costPerLabel: number | null;
            }[];
            total: {
                labels: number | null;
                cost: number | null;
                costPerLabel: number | null;
            };
            inputs: {
                /** @description Human answers stored, honeypot copies included */
                humanAnswers: number | null;
                /** @description Their measured time (time_spent_ms) */
                humanHours: number | null;
                expertVerdicts: number | null;
                /** @description Expert time from claim to verdict */
                expertHours: number | null;
                llmCostUsd: number | null;
            };
            /** @description Mix of label sources over time (null: export did not answer) */
            mix: {
                /**
                 * Format: date-time
                 * @description Start of the bucket
                 * @example 2025-06-01T12:00:00.000Z
                 */
                at: string;
                /** @description Label versions published per source; `machine` = llm + local_model + external_model */
                bySource: {
                    [key: string]: number;
                };
            }[] | null;
            /** @description The project policy’s `costs`, in USD */
            settings: {
                humanCostPerAnswer: number;
                humanCostPerHour: number;
                expertCostPerVerdict: number;
                expertCostPerHour: number;
            };
            unavailable: components["schemas"]["DashboardUnavailable"][];
        };
        DashboardProgress: {
            projectId: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            generatedAt: string;
            /** @enum {string} */
            bucket: "minute" | "hour" | "day";
            /**
             * Format: date-time
             * @description Start of the first bucket
             * @example 2025-06-01T12:00:00.000Z
             */
            from: string;
            /**
             * Format: date-time
             * @description End (exclusive)
             * @example 2025-06-01T12:00:00.000Z
             */
            to: string;
            totals: {
                /** @description Items matched to the project (ingestion) */
                itemsIn: number | null;
                /** @description Answer slots of real tasks by state (a task asking N answers has N slots; assignment) */
                tasks: {
                    open: number;
                    leased: number;
                    done: number;
                    void: number;
                } | null;
                /** @description Active label versions published on labels.v1 (export) */
                labelsOut: number | null;
                /** @description Human answers to real tasks (honeypot copies left out; assignment) */
                answers: number | null;
            };
            /** @description Slots waiting for an annotator (open) */
            queueDepth: number | null;
            throughput: {
                /**
                 * Format: date-time
                 * @description Start of the bucket
                 * @example 2025-06-01T12:00:00.000Z
                 */
                at: string;
                itemsIn: number | null;
                answers: number | null;
                labelsOut: number | null;
            }[];
            /** @description Open + leased slots ÷ the recent answer rate; 0 when none remain, null when there is no rate */
            etaSeconds: number | null;
            /** @description How far back the answer rate looks */
            rateWindowSeconds: number;
            /** @description Answers to real tasks per hour over the rate window */
            answersPerHour: number | null;
            unavailable: components["schemas"]["DashboardUnavailable"][];
        };
        /** @description A part of the answer an upstream service could not give: its numbers are null */
        DashboardUnavailable: {
            /**
             * @description The service whose numbers are missing
             * @enum {string}
             */
            part: "assignment" | "export" | "ingestion" | "prelabel";
            /** @example ingestion service did not answer within 10000 ms */
            reason: string;
        };
        DeadLetter: {
            /**
             * @description `<partition>:<offset>` in the DLQ topic
             * @example 2:41
             */
            id: string;
            partition: number;
            offset: number;
            /**
             * Format: date-time
             * @description When it was dead-lettered
             * @example 2025-06-01T12:00:00.000Z
             */
            at: string;
            /** @description The original record key */
            key: string | null;
            /** @description `<error class>: <message>` */
            reason: string;
            origin: components["schemas"]["DeadLetterOrigin"];
            /** @description The event envelope’s project, when the payload can be read and names one */
            projectId?: string;
            /** @description The original event (protobuf JSON); null when it is encrypted, the topic is sensitive, or it does not decode */
            payload: {
                [key: string]: unknown;
            } | null;
            /** @description Stored encrypted (sensitive topics): never decrypted for display */
            encrypted: boolean;
            /** @description When and by whom it was redriven; null when it was not */
            redriven: {
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                at: string;
                /** @description `user:<id>` or `api_key:<id>` */
                by: string;
            } | null;
        };
        /** @description The record it is a copy of */
        DeadLetterOrigin: {
            topic: string;
            partition: number | null;
            offset: number | null;
            /** @description The group that gave up on it */
            consumerGroup?: string;
        };
        DeadLetterPage: {
            /** @description Newest first */
            records: components["schemas"]["DeadLetter"][];
            /** @description Pass as `after` for older records; null on the last page */
            nextCursor: string | null;
        };
        DeadLetterReasonCount: {
            reason: string;
            count: number;
        };
        DeadLetterTopic: {
            /** @example content.v1 */
            topic: string;
            /** @example content.v1.dlq */
            dlqTopic: string;
            /** @description Records in the DLQ topic now (end − start offsets) */
            count: number;
            /**
             * Format: date-time
             * @description When the newest was dead-lettered; null when empty
             * @example 2025-06-01T12:00:00.000Z
             */
            newestAt: string | null;
            /** @description The five most frequent reasons (`<error class>: <message>`), most frequent first */
            reasons: components["schemas"]["DeadLetterReasonCount"][];
            /** @description How many of the newest records the reasons were counted over (up to 200 per partition) */
            reasonsSampled: number;
        };
        /** @description Every contract topic, in the order of TOPICS */
        DeadLetterTopics: {
            topics: components["schemas"]["DeadLetterTopic"][];
        };
        DriftAlarm: {
            questionId: string;
            ontologyVersion: number;
            /** @description The window compared with the one before it */
            window: {
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                from: string;
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                to: string;
            };
            /**
             * @description label_distribution: chi-square homogeneity of the label counts (choice questions); agreement: two-sample z-test of per-task pairwise agreement
             * @enum {string}
             */
            test: "label_distribution" | "agreement";
            /** @description pValue < threshold */
            alarm: boolean;
            /** @description Chi-square or z; null when the test is undefined */
            statistic: number | null;
            pValue: number | null;
            /** @description Significance level (QUALITY_DRIFT_ALPHA) */
            threshold: number;
            /** @description Why the test is undefined */
            reason?: string;
        };
        Erasure: {
            erasureId: string;
            projectId: string;
            itemId: string | null;
            source: string | null;
            sourceId: string | null;
            /** @description Subject id of the person (or key) who asked */
            requestedBy: string;
            /** @enum {string} */
            requestedByKind: "user" | "api_key";
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            requestedAt: string;
            /**
             * @description pending: not resolved yet; not_found: no item of the project matched; in_progress: resolved, not every service has erased its copies; completed: every service has
             * @enum {string}
             */
            status: "pending" | "not_found" | "in_progress" | "completed";
            /** @description The items it resolved to; null while pending */
            itemIds: string[] | null;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            resolvedAt: string | null;
            /** @description Per service holding copies: items it has erased its copies of, and the rows it erased or blanked */
            services: {
                service: string;
                itemsDone: number;
                rows: number;
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                lastAppliedAt: string | null;
            }[];
        };
        ErasureAccepted: {
            erasureId: string;
            /** @enum {string} */
            status: "pending";
        };
        ErasureList: {
            /** @description Newest first */
            erasures: components["schemas"]["Erasure"][];
        };
        ErasureRequest: {
            itemId?: string;
            source?: string;
            sourceId?: string;
        };
        Error: {
            /** @example 400 */
            statusCode: number;
            /**
             * @description The HTTP reason phrase
             * @example Bad Request
             */
            error: string;
            /** @example invalid request body: name: Too small: expected string to have >=1 characters */
            message: string;
            /** @description Every faulty field (400 from validation) */
            errors?: components["schemas"]["FieldError"][];
        } & {
            [key: string]: unknown;
        };
        EscalateRequest: {
            note: string;
        };
        Escalation: {
            requestId: string;
            /** @enum {string} */
            state: "escalated";
            escalatedBy: string;
            note: string;
        };
        FieldError: {
            /**
             * @description Dotted path of the faulty field, `(root)` or `(body)`
             * @example policy.honeypotRate
             */
            field: string;
            /** @example must be in [0, 1] */
            reason: string;
        };
        GoldConfirmation: {
            requestId: string;
            decisionId: string;
            supersedesDecisionId: string;
            /** @enum {boolean} */
            gold: true;
            confirmedBy: string;
        };
        GoldItem: {
            goldId: string;
            itemId: string;
        };
        GoldItemRequest: {
            itemId?: string;
            ontologyVersion: number;
            question: {
                id: string;
                /** @enum {string} */
                type: "single_choice" | "multiple_choice" | "free_text" | "text_span" | "time_segment" | "box";
                prompt: string;
                /** @default [] */
                options?: {
                    id: string;
                    label: string;
                    /** @default  */
                    description?: string;
                }[];
                /** @default true */
                required?: boolean;
                minSelections?: number;
                maxSelections?: number;
            };
            /** @description Exactly one of text or payloadRef */
            content: {
                /**
                 * @default text
                 * @enum {string}
                 */
                type?: "text" | "audio" | "video" | "image";
                text?: string;
                payloadRef?: {
                    bucket: string;
                    key: string;
                    sha256: string;
                    sizeBytes: number;
                    mediaType: string;
                };
            };
            /** @default  */
            guidelines?: string;
            language?: string;
            /** @default [] */
            requiredSkills?: string[];
            expectedAnswer: components["schemas"]["AnswerInput"];
        };
        GroupLag: {
            /** @example quality.feedback */
            group: string;
            /** @example quality */
            service: string;
            topics: components["schemas"]["TopicLag"][];
            lag: number;
        };
        Guidelines: {
            /** @default  */
            text: string;
            /** @default [] */
            examples: {
                content: string;
                questionId: string;
                answer: {
                    choice: string[];
                } | {
                    freeText: string;
                } | {
                    textSpans: {
                        start: number;
                        end: number;
                        optionId: string;
                        /** @default  */
                        text: string;
                    }[];
                } | {
                    timeSegments: {
                        startMs: number;
                        endMs: number;
                        optionId: string;
                    }[];
                } | {
                    boxes: {
                        x: number;
                        y: number;
                        width: number;
                        height: number;
                        optionId: string;
                        frameMs?: number;
                    }[];
                };
                /** @default  */
                explanation: string;
            }[];
        };
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        ImportedCounts: {
            received: number;
            /** @description Bound to a task that already exists */
            applied: number;
            /** @description Waiting for their task (the content is on its way) */
            parked: number;
            /** @description Imported before: nothing changed */
            duplicates: number;
        };
        /** @description How was this label made: every version with its provenance, and the whole event chain */
        LabelAudit: {
            itemId: string;
            questionId: string;
            projectId: string;
            currentVersion: number;
            /** @description protobuf JSON of the ContentReference */
            content: {
                [key: string]: unknown;
            } | null;
            chain: components["schemas"]["LabelAuditChain"];
            versions: components["schemas"]["LabelVersion"][];
        };
        LabelAuditChain: {
            contentEventIds: string[];
            correlationIds: string[];
            itemEventId: string | null;
            taskIds: string[];
            taskEventIds: string[];
            annotationIds: string[];
            annotationEventIds: string[];
            prelabelEventIds: string[];
            annotations: {
                annotationId: string;
                /** @description annotations.v1 event id; empty for an expert verdict */
                eventId: string;
                annotatorId: string;
                /** @enum {string} */
                source: "human" | "machine" | "expert" | "feedback" | "unspecified";
                taskEventId: string;
                prelabelEventId: string;
                draftShown: boolean;
                labelVersions: number[];
            }[];
            adjudicationRequestIds: string[];
            decisionEventIds: string[];
            labelEventIds: string[];
            releaseIds: string[];
            /** @description The current version's chain in order, each step with its ids */
            path: ({
                /** @enum {string} */
                step: "content" | "item" | "task" | "annotation" | "prelabel" | "decision" | "label_version" | "release";
            } & {
                [key: string]: unknown;
            })[];
            /** @description Each link the events did not carry, and why; empty for a fully traced label */
            missing: string[];
        };
        /** @description The label model over the LF votes (weak supervision); null before its first fit */
        LabelModelSummary: {
            version: number;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            trainedAt: string;
            /** @description LF versions it was fitted on (`id@version`) */
            lfs: string[];
            /** @description Fitted on exactly the active LF versions (else not used until refitted) */
            current: boolean;
            /** @description Estimated P(option) */
            classBalance: {
                [key: string]: number;
            };
            /** @description On calibrated confidence, for the target precision; null: weak labels are never auto-accepted */
            threshold: number | null;
            targetPrecision: number | null;
            /** @description Labeled items behind the calibration and threshold */
            calibrationPairs: number;
            /** @description Items held with a weak label (some fitted LF voted) */
            weakLabels: number;
            /** @description Share of the items with a weak label */
            coverage: number;
            /** @description Weak labels that clear the threshold */
            aboveThreshold: number;
            /** @description Weak labels equal to the decided label (95 % Wilson interval) */
            accuracy: components["schemas"]["LfAccuracy"];
        } | null;
        LabelStudioExportResult: {
            id: string;
            /** @description The question id */
            from_name: string;
            /** @description The text field (`text`) */
            to_name: string;
            /** @enum {string} */
            type: "choices";
            value: {
                /** @description Option ids */
                choices: string[];
            };
            /** @description Predictions: calibrated confidence, else confidence */
            score?: number;
        } & {
            [key: string]: unknown;
        };
        LabelStudioExportTask: {
            /** @description The source id, when it is an integer */
            id?: number;
            data: {
                /** @description The masked text */
                text: string;
            };
            meta: {
                verity_item_id: string;
                verity_source_id?: string;
                verity_source?: string;
            };
            annotations: ({
                /** @description `verity:consensus` for the final labels (the first annotation); a Label Studio user id for an annotator imported as `label-studio:<id>`; else the Verity annotator id */
                completed_by: number | string;
                result: components["schemas"]["LabelStudioExportResult"][];
                was_cancelled: boolean;
                ground_truth: boolean;
                created_at?: string;
                /** @description Seconds */
                lead_time?: number;
                meta: {
                    verity: {
                        /** @enum {string} */
                        role: "final_label" | "answer";
                        annotator_id: string;
                    } & {
                        [key: string]: unknown;
                    };
                } & {
                    [key: string]: unknown;
                };
            } & {
                [key: string]: unknown;
            })[];
            predictions: ({
                model_version: string;
                /** @description The lowest result score */
                score?: number;
                result: components["schemas"]["LabelStudioExportResult"][];
            } & {
                [key: string]: unknown;
            })[];
        } & {
            [key: string]: unknown;
        };
        LabelStudioImport: {
            /** @description Label Studio tasks (`data`, `predictions`, `annotations`), 1–1000 per call */
            tasks: unknown[];
            /** @description The Label Studio labeling config (XML); its <Choices> must match the published ontology */
            config: string;
            /**
             * @description content.v1 source of the imported content (the project filter must take it)
             * @default label-studio
             */
            source?: string;
            /** @description The data field (or object tag name) holding the text, when the config has several */
            textField?: string;
            /** @description Label Studio user id or e-mail → Verity annotator id; unmapped users answer as `label-studio:<id>` */
            annotators?: {
                [key: string]: string;
            };
            /** @description Model version of predictions that have none */
            defaultModelVersion?: string;
        };
        LabelStudioImportResult: {
            counts: {
                tasks: number;
                /** @description Tasks whose content was imported */
                imported_tasks: number;
                annotations: number;
                /** @description Cancelled annotations, left out */
                cancelled: number;
                /** @description Final-label annotations of a Verity export, left out */
                final_labels: number;
                predictions: number;
            };
            /** @description What was left out, and why (a faulty task whole, else the faulty annotation or result) */
            errors: {
                /** @description 0-based index in `tasks` */
                task: number;
                /** @description e.g. tasks[3].annotations[0].result[1].from_name */
                field: string;
                reason: string;
            }[];
            content: {
                /** @description Content events published on content.v1 */
                published: number;
            };
            prelabels: components["schemas"]["ImportedCounts"];
            answers: components["schemas"]["ImportedCounts"];
        };
        LabelVersion: {
            labelVersion: number;
            /** @enum {string} */
            status: "active" | "excluded";
            label: string;
            adjudicated: boolean;
            gold: boolean;
            confidence: number;
            ontologyVersion: number;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            recordedAt: string;
            contentDigest: string;
            /** @description The LabelEvent exactly as published on labels.v1 (protobuf JSON) */
            labelEvent: {
                [key: string]: unknown;
            };
            decisions: {
                decisionEventId: string;
                decisionId: string;
                producer: string;
                outcome: string;
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                decidedAt: string;
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                receivedAt: string;
            }[];
            releases: {
                releaseId: string;
                name: string;
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                createdAt: string;
                location: string;
            }[];
        };
        /** @description The latest version of an LF */
        LabelingFunction: {
            /** @enum {string} */
            kind: "keywords";
            question_id: string;
            id: string;
            /** @description A changed definition is a new version; old votes stay attributable */
            version: number;
            /** @description Who saved this version */
            owner: string;
            /** @description Prelabel runs it on arriving tasks itself (every kind but llm; model LFs read the local model, feedback LFs the production feedback); llm LFs are stored only */
            votesAutomatically: boolean;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description Retired: it no longer votes
             * @example 2025-06-01T12:00:00.000Z
             */
            retiredAt: string | null;
            /** @description How many versions it has */
            versions: number;
            /** @description The option it votes when it fires */
            votes: string;
            /** @description Case-insensitive, whole words; a phrase matches across any whitespace */
            keywords: string[];
        } | {
            /** @enum {string} */
            kind: "regex";
            question_id: string;
            id: string;
            /** @description A changed definition is a new version; old votes stay attributable */
            version: number;
            /** @description Who saved this version */
            owner: string;
            /** @description Prelabel runs it on arriving tasks itself (every kind but llm; model LFs read the local model, feedback LFs the production feedback); llm LFs are stored only */
            votesAutomatically: boolean;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description Retired: it no longer votes
             * @example 2025-06-01T12:00:00.000Z
             */
            retiredAt: string | null;
            /** @description How many versions it has */
            versions: number;
            /** @description The option it votes when it fires */
            votes: string;
            /** @description A JavaScript regular expression, tested anywhere in the text; one prone to catastrophic backtracking is refused */
            pattern: string;
            /** @description Among `imsu` */
            flags?: string;
        } | {
            /** @enum {string} */
            kind: "length";
            question_id: string;
            id: string;
            /** @description A changed definition is a new version; old votes stay attributable */
            version: number;
            /** @description Who saved this version */
            owner: string;
            /** @description Prelabel runs it on arriving tasks itself (every kind but llm; model LFs read the local model, feedback LFs the production feedback); llm LFs are stored only */
            votesAutomatically: boolean;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description Retired: it no longer votes
             * @example 2025-06-01T12:00:00.000Z
             */
            retiredAt: string | null;
            /** @description How many versions it has */
            versions: number;
            /** @description The option it votes when it fires */
            votes: string;
            /** @enum {string} */
            unit: "chars" | "words";
            /** @description Inclusive; left out: no lower bound */
            min?: number;
            /** @description Inclusive; left out: no upper bound */
            max?: number;
        } | {
            /** @enum {string} */
            kind: "model";
            question_id: string;
            id: string;
            /** @description A changed definition is a new version; old votes stay attributable */
            version: number;
            /** @description Who saved this version */
            owner: string;
            /** @description Prelabel runs it on arriving tasks itself (every kind but llm; model LFs read the local model, feedback LFs the production feedback); llm LFs are stored only */
            votesAutomatically: boolean;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description Retired: it no longer votes
             * @example 2025-06-01T12:00:00.000Z
             */
            retiredAt: string | null;
            /** @description How many versions it has */
            versions: number;
            /** @description The option it votes when it fires */
            votes: string;
            model: string;
            min_confidence: number;
        } | {
            /** @enum {string} */
            kind: "llm";
            question_id: string;
            id: string;
            /** @description A changed definition is a new version; old votes stay attributable */
            version: number;
            /** @description Who saved this version */
            owner: string;
            /** @description Prelabel runs it on arriving tasks itself (every kind but llm; model LFs read the local model, feedback LFs the production feedback); llm LFs are stored only */
            votesAutomatically: boolean;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description Retired: it no longer votes
             * @example 2025-06-01T12:00:00.000Z
             */
            retiredAt: string | null;
            /** @description How many versions it has */
            versions: number;
            /** @description A template containing `{{text}}` */
            prompt: string;
            /** @description Answer (trimmed, case-insensitive) → option; an unmapped answer abstains */
            mapping: {
                [key: string]: string;
            };
        } | {
            /** @enum {string} */
            kind: "feedback";
            question_id: string;
            id: string;
            /** @description A changed definition is a new version; old votes stay attributable */
            version: number;
            /** @description Who saved this version */
            owner: string;
            /** @description Prelabel runs it on arriving tasks itself (every kind but llm; model LFs read the local model, feedback LFs the production feedback); llm LFs are stored only */
            votesAutomatically: boolean;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description Retired: it no longer votes
             * @example 2025-06-01T12:00:00.000Z
             */
            retiredAt: string | null;
            /** @description How many versions it has */
            versions: number;
            /** @description The option it votes when it fires */
            votes: string;
            /** @description The production feedback signal, e.g. reported_spam */
            signal: string;
        };
        LabelingFunctionAnalysis: {
            projectId: string;
            questions: {
                questionId: string;
                /** @description Every version with votes, and every latest version */
                lfs: components["schemas"]["LfVersionStats"][];
                /** @description The active set: the latest version of each LF not retired */
                totals: {
                    /** @description Items of the question with text (what the LFs can vote on) */
                    items: number;
                    lfs: number;
                    votes: number;
                    /** @description Share of the items with a vote */
                    coverage: number;
                    /** @description Share of the items with two LFs voting */
                    overlap: number;
                    /** @description Share of the items with two different labels */
                    conflict: number;
                    /** @description Items with a decided label */
                    goldItems: number;
                };
                /** @description With `bucketMs`: the active set per bucket, oldest first (buckets without an item left out) */
                overTime?: components["schemas"]["LfBucket"][];
                labelModel: components["schemas"]["LabelModelSummary"];
            }[];
        };
        /** @description A changed definition: the next version (an unchanged one creates none) */
        LabelingFunctionChange: {
            /** @enum {string} */
            kind: "keywords";
            question_id: string;
            /** @description The path’s id, or left out */
            id?: string;
            /** @description The option it votes when it fires */
            votes: string;
            /** @description Case-insensitive, whole words; a phrase matches across any whitespace */
            keywords: string[];
        } | {
            /** @enum {string} */
            kind: "regex";
            question_id: string;
            /** @description The path’s id, or left out */
            id?: string;
            /** @description The option it votes when it fires */
            votes: string;
            /** @description A JavaScript regular expression, tested anywhere in the text; one prone to catastrophic backtracking is refused */
            pattern: string;
            /** @description Among `imsu` */
            flags?: string;
        } | {
            /** @enum {string} */
            kind: "length";
            question_id: string;
            /** @description The path’s id, or left out */
            id?: string;
            /** @description The option it votes when it fires */
            votes: string;
            /** @enum {string} */
            unit: "chars" | "words";
            /** @description Inclusive; left out: no lower bound */
            min?: number;
            /** @description Inclusive; left out: no upper bound */
            max?: number;
        } | {
            /** @enum {string} */
            kind: "model";
            question_id: string;
            /** @description The path’s id, or left out */
            id?: string;
            /** @description The option it votes when it fires */
            votes: string;
            model: string;
            min_confidence: number;
        } | {
            /** @enum {string} */
            kind: "llm";
            question_id: string;
            /** @description The path’s id, or left out */
            id?: string;
            /** @description A template containing `{{text}}` */
            prompt: string;
            /** @description Answer (trimmed, case-insensitive) → option; an unmapped answer abstains */
            mapping: {
                [key: string]: string;
            };
        } | {
            /** @enum {string} */
            kind: "feedback";
            question_id: string;
            /** @description The path’s id, or left out */
            id?: string;
            /** @description The option it votes when it fires */
            votes: string;
            /** @description The production feedback signal, e.g. reported_spam */
            signal: string;
        };
        /** @description An LF definition; the server sets version and owner (the caller) */
        LabelingFunctionDefinition: {
            /** @enum {string} */
            kind: "keywords";
            question_id: string;
            /** @description The LF’s id in the project: letters, digits, `_.:-` (no `@`: `id@version` names one version) */
            id: string;
            /** @description The option it votes when it fires */
            votes: string;
            /** @description Case-insensitive, whole words; a phrase matches across any whitespace */
            keywords: string[];
        } | {
            /** @enum {string} */
            kind: "regex";
            question_id: string;
            /** @description The LF’s id in the project: letters, digits, `_.:-` (no `@`: `id@version` names one version) */
            id: string;
            /** @description The option it votes when it fires */
            votes: string;
            /** @description A JavaScript regular expression, tested anywhere in the text; one prone to catastrophic backtracking is refused */
            pattern: string;
            /** @description Among `imsu` */
            flags?: string;
        } | {
            /** @enum {string} */
            kind: "length";
            question_id: string;
            /** @description The LF’s id in the project: letters, digits, `_.:-` (no `@`: `id@version` names one version) */
            id: string;
            /** @description The option it votes when it fires */
            votes: string;
            /** @enum {string} */
            unit: "chars" | "words";
            /** @description Inclusive; left out: no lower bound */
            min?: number;
            /** @description Inclusive; left out: no upper bound */
            max?: number;
        } | {
            /** @enum {string} */
            kind: "model";
            question_id: string;
            /** @description The LF’s id in the project: letters, digits, `_.:-` (no `@`: `id@version` names one version) */
            id: string;
            /** @description The option it votes when it fires */
            votes: string;
            model: string;
            min_confidence: number;
        } | {
            /** @enum {string} */
            kind: "llm";
            question_id: string;
            /** @description The LF’s id in the project: letters, digits, `_.:-` (no `@`: `id@version` names one version) */
            id: string;
            /** @description A template containing `{{text}}` */
            prompt: string;
            /** @description Answer (trimmed, case-insensitive) → option; an unmapped answer abstains */
            mapping: {
                [key: string]: string;
            };
        } | {
            /** @enum {string} */
            kind: "feedback";
            question_id: string;
            /** @description The LF’s id in the project: letters, digits, `_.:-` (no `@`: `id@version` names one version) */
            id: string;
            /** @description The option it votes when it fires */
            votes: string;
            /** @description The production feedback signal, e.g. reported_spam */
            signal: string;
        };
        LabelingFunctionRetired: {
            projectId: string;
            id: string;
            /** @description Versions that were active */
            retiredVersions: number;
            alreadyRetired: boolean;
        };
        LabelingFunctions: {
            projectId: string;
            labelingFunctions: components["schemas"]["LabelingFunction"][];
        };
        /** @description Its votes that equal the decided label; undefined without any */
        LfAccuracy: {
            /** @enum {boolean} */
            defined: true;
            value: {
                estimate: number;
                /** @description 95 % Wilson interval */
                low: number;
                high: number;
                successes: number;
                /** @description Items with a decided label it voted on */
                trials: number;
            };
        } | {
            /** @enum {boolean} */
            defined: false;
            reason: string;
        };
        LfBucket: {
            /**
             * Format: date-time
             * @description Start of the bucket of item arrival
             * @example 2025-06-01T12:00:00.000Z
             */
            start: string;
            totals: {
                /** @description Items of the question with text (what the LFs can vote on) */
                items: number;
                lfs: number;
                votes: number;
                /** @description Share of the items with a vote */
                coverage: number;
                /** @description Share of the items with two LFs voting */
                overlap: number;
                /** @description Share of the items with two different labels */
                conflict: number;
                /** @description Items with a decided label */
                goldItems: number;
            };
            lfs: {
                lf: string;
                votes: number;
                /** @description Share of the items of the bucket it voted on */
                coverage: number;
                accuracy: components["schemas"]["LfAccuracy"];
            }[];
        };
        LfVersionStats: {
            /** @description `id@version` */
            lf: string;
            id: string;
            version: number | null;
            /** @description Items it voted on */
            votes: number;
            /** @description Share of the items it voted on */
            coverage: number;
            /** @description Share of the items where it and another active LF voted */
            overlap: number;
            /** @description Share of the items where another active LF voted a different label */
            conflict: number;
            /** @description The labels it votes, sorted */
            polarity: string[];
            accuracy: components["schemas"]["LfAccuracy"];
            /** @description The LF’s latest version */
            latest: boolean;
            retired: boolean;
        };
        /**
         * @description A language the web console is translated into
         * @enum {string}
         */
        Locale: "en" | "fr";
        Me: components["schemas"]["MeUser"] | components["schemas"]["MeApiKey"];
        /** @description An API key's identity */
        MeApiKey: {
            /** @enum {string} */
            kind: "api_key";
            id: string;
            roles: components["schemas"]["Role"][];
            projectIds: string[];
        };
        /** @description A person's own account */
        MeUser: {
            /** @enum {string} */
            kind: "user";
            id: string;
            email: string;
            displayName: string;
            roles: components["schemas"]["Role"][];
            /** @description Console language they chose; null: not chosen (the console follows the browser) */
            locale: components["schemas"]["Locale"] | null;
            active: boolean;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            createdAt: string;
        };
        Member: {
            userId: string;
            roles: components["schemas"]["ProjectRole"][];
            skills: string[];
            languages: string[];
            active: boolean;
        };
        MemberList: {
            members: components["schemas"]["Member"][];
        };
        MetricValue: {
            value: number | null;
            /** @description Why the value is undefined */
            reason?: string;
        };
        MyWork: {
            answers: components["schemas"]["MyWorkAnswer"][];
            /** @description Pass as `after` for the next page; null on the last */
            nextCursor: string | null;
            /** @description Only when the project policy has showAnnotatorAccuracy */
            accuracy: {
                /** @description Answers judged against expert truth (expert verdicts, confirmed gold) */
                gold: components["schemas"]["CheckAccuracy"];
                honeypots: components["schemas"]["CheckAccuracy"];
            } | null;
        };
        MyWorkAnswer: {
            annotationId: string;
            taskId: string;
            itemId: string;
            questionId: string;
            ontologyVersion: number;
            /** @description As submitted */
            answer: components["schemas"]["Answer"] | null;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            submittedAt: string;
            timeSpentMs: number;
            /** @description The task’s final label once decided; null until then */
            finalLabel: {
                /** @description Option id of a single-choice label; null for other kinds */
                label: string | null;
                answer: components["schemas"]["Answer"];
                /** @description majority_vote, dawid_skene, mace, machine_auto_accept, weak_supervision or adjudication */
                method: string;
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                decidedAt: string;
            } | null;
        };
        /** @description What changed from ontology version `from` to version `to` */
        OntologyDiff: {
            from: number;
            to: number;
            guidelinesChanged: boolean;
            questions: {
                added: string[];
                removed: string[];
                changed: components["schemas"]["OntologyQuestionChange"][];
            };
            /** @description The migration map of `to` when to = from + 1, else [] */
            migrations: components["schemas"]["OntologyMigration"][];
        };
        OntologyDraft: {
            /**
             * @default {
             *       "text": "",
             *       "examples": []
             *     }
             */
            guidelines?: {
                /** @default  */
                text?: string;
                /** @default [] */
                examples?: {
                    content: string;
                    questionId: string;
                    answer: {
                        choice: string[];
                    } | {
                        freeText: string;
                    } | {
                        textSpans: {
                            start: number;
                            end: number;
                            optionId: string;
                            /** @default  */
                            text?: string;
                        }[];
                    } | {
                        timeSegments: {
                            startMs: number;
                            endMs: number;
                            optionId: string;
                        }[];
                    } | {
                        boxes: {
                            x: number;
                            y: number;
                            width: number;
                            height: number;
                            optionId: string;
                            frameMs?: number;
                        }[];
                    };
                    /** @default  */
                    explanation?: string;
                }[];
            };
            questions: {
                id: string;
                type: string;
                prompt: string;
                /** @default [] */
                options?: {
                    id: string;
                    label: string;
                    /** @default  */
                    description?: string;
                }[];
                /** @default true */
                required?: boolean;
                condition?: {
                    questionId: string;
                    anyOf: string[];
                };
                /** @default [] */
                contentTypes?: ("text" | "audio" | "video" | "image")[];
                minSelections?: number;
                maxSelections?: number;
            }[];
        };
        OntologyList: {
            ontologies: components["schemas"]["OntologyVersion"][];
        };
        /** @description One entry of a migration map: options of questionId in the previous version (from) become options of the new version (to). rename a → b and merge a, b → c rewrite labels; split a → b | c sends the items back to humans */
        OntologyMigration: {
            questionId: string;
            /** @enum {string} */
            kind: "rename" | "merge" | "split";
            from: string[];
            to: string[];
        };
        OntologyQuestion: {
            id: string;
            type: string;
            prompt: string;
            /** @default [] */
            options: {
                id: string;
                label: string;
                /** @default  */
                description: string;
            }[];
            /** @default true */
            required: boolean;
            condition?: {
                questionId: string;
                anyOf: string[];
            };
            /** @default [] */
            contentTypes: ("text" | "audio" | "video" | "image")[];
            minSelections?: number;
            maxSelections?: number;
        };
        OntologyQuestionChange: {
            questionId: string;
            prompt?: {
                from: string;
                to: string;
            };
            type?: {
                from: string;
                to: string;
            };
            optionsAdded: string[];
            optionsRemoved: string[];
            optionsRelabeled: {
                id: string;
                from: string;
                to: string;
            }[];
            conditionChanged: boolean;
            /** @description Other settings that changed: required, contentTypes, minSelections, maxSelections, optionDescriptions, optionOrder */
            otherChanged: string[];
        };
        /** @description One version of a project ontology; published versions are immutable */
        OntologyVersion: {
            projectId: string;
            version: number;
            /** @enum {string} */
            status: "draft" | "published";
            guidelines: components["schemas"]["Guidelines"];
            questions: components["schemas"]["OntologyQuestion"][];
            createdBy: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            updatedAt: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            publishedAt: string | null;
            publishedBy: string | null;
            relabelPolicy: components["schemas"]["RelabelPolicy"] | null;
            /** @description The migration map the version was published with, from the previous version ([] when none, and for drafts) */
            migrations: components["schemas"]["OntologyMigration"][];
        };
        PartitionLag: {
            partition: number;
            /** @description The group’s committed offset; null before its first commit */
            committed: number | null;
            /** @description The partition’s end offset */
            end: number;
            lag: number;
        };
        PrelabelCosts: {
            projectId: string;
            models: {
                /**
                 * @description What the calls were for: drafting tasks, or answering llm labeling functions
                 * @enum {string}
                 */
                purpose: "drafts" | "labeling_functions";
                model: string;
                /** @description Tasks drafted; for labeling functions, (item, LF version) pairs asked */
                tasks: number;
                calls: number;
                promptTokens: number;
                completionTokens: number;
                costMicroUsd: number;
                failures: number;
            }[];
            totalCostMicroUsd: number;
            totalCostUsd: number;
        };
        PrelabelModel: {
            projectId: string;
            questionId: string;
            /**
             * @description local model, LLM calibration, or the label model over the labeling functions (weak supervision)
             * @enum {string}
             */
            backend: "local" | "llm" | "labelmodel";
            version: number;
            modelId: string;
            classes: string[];
            /** @description Labels it was trained on */
            nLabels: number;
            /** @description Local model: weak labels (the label model’s soft labels of items without a decided label) it also trained on; 0 otherwise */
            weakLabels: number;
            report: {
                heldOut: number;
                accuracy: number;
                eceRaw: number;
                /** @description Cross-validated ECE of the kept calibration */
                eceCalibrated: number;
                /**
                 * @description Calibration kept: lowest cross-validated ECE among raw (identity), Platt and isotonic; raw on a tie
                 * @enum {string}
                 */
                calibrationMethod?: "identity" | "platt" | "isotonic";
                /** @description Cross-validated ECE of each calibration method (identity: the raw confidence); null where too few answers to fit */
                eceByMethod?: {
                    identity: number;
                    platt: number | null;
                    isotonic: number | null;
                };
                /** @description Local model: passes over the labels, chosen by held-out log-loss */
                epochs?: number;
                choice: {
                    threshold: number | null;
                    /** @description Precision of the held-out answers at or above the threshold, measured on the answers it was chosen on (flattering; see crossFitted) */
                    precision: number | null;
                    coverage: number;
                    support: number;
                };
                /** @description The threshold rule picked on one half of the held-out answers and measured on the other, both ways, pooled: what it delivers on answers it was not picked on */
                crossFitted?: {
                    precision: number | null;
                    coverage: number;
                    support: number;
                } | null;
                targetPrecision: number | null;
            };
            /** @description Auto-accept threshold on calibrated confidence; null: no auto-accept */
            threshold: number | null;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            trainedAt: string;
            /** @description Every version, newest first (at most 100) */
            versions: components["schemas"]["PrelabelModelVersion"][];
        };
        PrelabelModelVersion: {
            version: number;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            trainedAt: string;
            nLabels: number;
            heldOut: number;
            accuracy: number;
            eceRaw: number;
            eceCalibrated: number;
            /**
             * @description Calibration kept: lowest cross-validated ECE among raw (identity), Platt and isotonic; raw on a tie
             * @enum {string|null}
             */
            calibrationMethod: "identity" | "platt" | "isotonic" | null;
            /** @description Local model: passes over the labels; null before they were chosen, and for other backends */
            epochs: number | null;
            threshold: number | null;
            /** @description Labels this version is the first to train on; null for versions before the loop report and LLM calibrations */
            newLabels: number | null;
            /** @description Label decided → this version trained, over its new labels (ms) */
            labelLatencyMs: {
                /** @description New labels with a known decision time */
                labels: number;
                p50: number | null;
                p90: number | null;
            } | null;
            /** @description Accuracy against the previous version on the same labels; null for a first version */
            vsPrevious: {
                previousVersion: number;
                /**
                 * @description The labels this version added: the previous version never saw them, this one is scored on them out-of-fold
                 * @enum {string}
                 */
                on: "labels_new_since_previous";
                labels: number;
                correct: number;
                previousCorrect: number;
                accuracy: number | null;
                previousAccuracy: number | null;
                /** @description accuracy − previousAccuracy */
                delta: number | null;
            } | null;
        };
        PrelabelModels: {
            projectId: string;
            models: components["schemas"]["PrelabelModel"][];
            bucketMs: number;
            /** @description Per question and bucket (the latest first) */
            autoAccept: components["schemas"]["AutoAcceptPoint"][];
        };
        Project: {
            id: string;
            name: string;
            description: string;
            contentTypes: components["schemas"]["ContentType"][];
            filter: components["schemas"]["ContentFilter"];
            policy: components["schemas"]["ProjectPolicy"];
            archived: boolean;
            currentOntologyVersion: number | null;
            currentRelabelPolicy: components["schemas"]["RelabelPolicy"] | null;
            /** @description Bumped by every change (the projects.v1 snapshot revision) */
            revision: number;
            createdBy: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            updatedAt: string;
        };
        ProjectList: {
            projects: components["schemas"]["Project"][];
        };
        ProjectPolicy: {
            answersPerTask: number;
            honeypotRate: number;
            agreementThreshold: number;
            posteriorThreshold: number;
            reliabilityFloor: number;
            autoAcceptThreshold: number | null;
            targetPrecision: number | null;
            auditRate: number;
            /** @enum {string} */
            prelabelMode: "default" | "llm" | "local" | "off";
            routing: {
                requiredSkills: string[];
                matchLanguage: boolean;
            };
            keepUnmaskedOriginal: boolean;
            rawAccessRoles: ("admin" | "project_manager" | "consumer")[];
            sampling: {
                /** @enum {string} */
                strategy: "none" | "least_confidence" | "margin" | "entropy" | "random";
                dailyBudget: number;
            };
            leaseSeconds: number;
            showAnnotatorAccuracy: boolean;
            costs: {
                humanPerAnswer: number;
                humanPerHour: number;
                expertPerVerdict: number;
                expertPerHour: number;
            };
            blindControlRate: number | null;
        };
        ProjectQuality: {
            projectId: string;
            policy: {
                answersPerTask: number;
                agreementThreshold: number;
                posteriorThreshold: number;
                reliabilityFloor: number;
            };
            windowMs: number;
            windows: {
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                from: string;
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                to: string;
                answers: number;
                /** @description The window had more answers than QUALITY_METRICS_MAX_ANSWERS */
                truncated: boolean;
                questions: {
                    questionId: string;
                    ontologyVersion: number;
                    tasks: number;
                    answers: number;
                    annotators: number;
                    pairwiseAgreement: components["schemas"]["MetricValue"];
                    fleissKappa: components["schemas"]["MetricValue"];
                    krippendorffAlpha: components["schemas"]["MetricValue"];
                    cohenKappa: {
                        annotatorA: string;
                        annotatorB: string;
                        sharedTasks: number;
                        kappa: components["schemas"]["MetricValue"];
                    }[];
                }[];
            }[];
            /** @description Per question and window (the latest first), two drift tests against the window before */
            drift: components["schemas"]["DriftAlarm"][];
            /** @description Human answers per finalized item, per window (the latest first) */
            answersPerItem: {
                /**
                 * Format: date-time
                 * @description Start of the window
                 * @example 2025-06-01T12:00:00.000Z
                 */
                at: string;
                /** @description Human answers on the tasks finalized in the window (honeypots excluded) */
                answers: number;
                /** @description Tasks (item × question) finalized in the window */
                items: number;
                /** @description answers / items; null without a finalized task */
                ratio: number | null;
            }[];
            /** @description Task count per status (open, decided, adjudication) */
            tasks: {
                [key: string]: number;
            };
            models: {
                questionId: string;
                ontologyVersion: number;
                answersInFit: number;
                answersSinceFit: number;
                fits: number;
                iterations: number | null;
                converged: boolean | null;
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                fittedAt: string | null;
            }[];
            annotators: {
                annotatorId: string;
                reliability: number | null;
                suspended: boolean;
                /** @description The last change of the suspension; null before any was recorded */
                suspension: {
                    /** @description Set by a person: the automatic rule never lifts it */
                    manual: boolean;
                    /** @description User id, or "quality" for the automatic rule */
                    by: string;
                    reason: string;
                    /**
                     * Format: date-time
                     * @example 2025-06-01T12:00:00.000Z
                     */
                    at: string;
                } | null;
                /** @description Median time spent per answer (human answers reporting one); null before any */
                medianTimeMs: number | null;
                /** @description Answers behind medianTimeMs */
                timedAnswers: number;
                honeypot: {
                    answered: number;
                    correct: number;
                    accuracy: number | null;
                    /** @description 95 % Wilson interval */
                    low: number | null;
                    high: number | null;
                };
                gold: {
                    answered: number;
                    correct: number;
                    accuracy: number | null;
                    /** @description 95 % Wilson interval */
                    low: number | null;
                    high: number | null;
                };
                agreement: number | null;
                answersCounted: number;
                dawidSkeneReliability: number | null;
            }[];
            machinePrecision: {
                questionId: string;
                modelId: string;
                /** @description Audited machine answers whose final label is known */
                count: number;
                correct: number;
                precision: number | null;
                low: number | null;
                high: number | null;
                pending: number;
            }[];
            machinePrecisionByVersion: {
                questionId: string;
                modelId: string;
                /** @description e.g. v3; versions in numeric order */
                modelVersion: string;
                /** @description Audited machine answers whose final label is known */
                count: number;
                correct: number;
                precision: number | null;
                low: number | null;
                high: number | null;
                pending: number;
            }[];
        };
        /** @enum {string} */
        ProjectRole: "annotator" | "quality_analyst" | "project_manager";
        PublishOntologyRequest: {
            /** @enum {string} */
            relabelPolicy?: "keep" | "relabel" | "exclude";
            migrations?: {
                questionId: string;
                /** @enum {string} */
                kind: "rename" | "merge" | "split";
                from: string[];
                to: string[];
            }[];
        };
        Readiness: {
            /** @enum {string} */
            status: "ready" | "not ready";
            /** @description kafka, postgres, s3: each checked with a timeout */
            checks: {
                [key: string]: {
                    ok: boolean;
                    ms: number;
                    error?: string;
                };
            };
        };
        /** @description Either `ids` or `all: true` */
        RedriveRequest: {
            ids?: string[];
            /**
             * @description Every dead letter of the topic not redriven yet
             * @enum {boolean}
             */
            all?: true;
        };
        RedriveResult: {
            /** @description Records published again to the original topic */
            redriven: number;
            /** @description Records not redriven, and why (already redriven, not found, cannot be decrypted…) */
            skipped: {
                id: string;
                reason: string;
            }[];
            /** @description With `all`: records not examined because one call redrives at most 10 000 (call again); else 0 */
            remaining: number;
        };
        ReinstateAnnotatorRequest: {
            /** @description Why (optional) */
            reason?: string;
        };
        /** @enum {string} */
        RelabelPolicy: "keep" | "relabel" | "exclude";
        Release: {
            releaseId: string;
            name: string;
            projectId: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            createdAt: string;
            location: string;
            labelCount: number;
            /** @description The ontology versions the release holds */
            ontologyVersions: number[];
            selection: components["schemas"]["ReleaseSelection"];
            parentReleaseId: string | null;
            /** @enum {string} */
            trigger: "api" | "schedule";
            requestedBy: string;
            manifest: components["schemas"]["ReleaseFileRef"];
            /** @description Items of the release erased since it was made (the release is immutable: marked, not rewritten) */
            erasedItemCount: number;
            /** @description The erased items the release holds, in erasure order */
            erasedItems: components["schemas"]["ReleaseErasedItem"][];
            manifestContent: components["schemas"]["ReleaseManifest"];
        };
        /** @description What changed from release `from` to release `to`, per (item, question) */
        ReleaseDiff: {
            from: string;
            to: string;
            /** @description Keys only in `to` */
            added: number;
            /** @description Keys in both, another label version */
            changed: number;
            /** @description Keys only in `from` */
            removed: number;
            /** @description Keys in both, the same label version */
            unchanged: number;
            /** @description One page of the changes, by (itemId, questionId) in code-point order */
            entries: {
                itemId: string;
                questionId: string;
                /** @enum {string} */
                change: "added" | "changed" | "removed";
                before: components["schemas"]["ReleaseDiffSide"];
                after: components["schemas"]["ReleaseDiffSide"];
            }[];
            /** @description Pass as `after` for the next page; null on the last */
            nextCursor: string | null;
        };
        /** @description The label version one release holds; null when it holds none for the key */
        ReleaseDiffSide: {
            labelVersion: number;
            /** @enum {string} */
            status: "active" | "excluded";
            label: string;
            /** @description As in the release files (protobuf JSON, proto field names) */
            answer: {
                [key: string]: unknown;
            } | null;
            confidence: number;
            ontologyVersion: number;
            adjudicated: boolean;
            gold: boolean;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            decidedAt: string;
            labelEventId: string;
        } | null;
        ReleaseErasedItem: {
            itemId: string;
            erasureId: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            erasedAt: string;
        };
        ReleaseFileRef: {
            key: string;
            sha256: string;
            size: number;
        };
        ReleaseList: {
            /** @description Newest first */
            releases: components["schemas"]["ReleaseSummary"][];
        };
        /** @description manifest.json of a release */
        ReleaseManifest: {
            schema_version: number;
            row_schema: string;
            label_schema_version: number;
            release_id: string;
            name: string;
            project_id: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            created_at: string;
            trigger: string;
            requested_by: string;
            parent_release_id: string | null;
            selection: components["schemas"]["ReleaseSelection"];
            label_count: number;
            status_counts: {
                active: number;
                excluded: number;
            };
            ontology_versions: number[];
            class_counts: {
                question_id: string;
                label: string;
                count: number;
            }[];
            label_versions: {
                sha256: string;
                count: number;
                /**
                 * Format: date-time
                 * @example 2025-06-01T12:00:00.000Z
                 */
                max_decided_at: string | null;
            };
            /** @description Absent in releases written before streaming */
            parquet_row_groups?: {
                max_rows: number;
                max_jsonl_bytes: number;
            };
            /** @description Layout of the Parquet files (`verity.export.parquet-typed/1`: typed and nested columns); absent in releases written before it (flat columns plus `*_json` strings) */
            parquet_layout?: string;
            files: {
                key: string;
                /**
                 * @description `dataset_card`: README.md of the Hugging Face layout (with data/train-00000-of-00001.parquet)
                 * @enum {string}
                 */
                format: "jsonl" | "parquet" | "csv" | "manifest" | "dataset_card";
                media_type: string;
                sha256: string;
                size: number;
                record_count: number;
            }[];
        };
        ReleaseReexport: {
            releaseId: string;
            projectId: string;
            identical: boolean;
            files: {
                key: string;
                recordedSha256: string | null;
                regeneratedSha256: string;
                size: number;
                identical: boolean;
            }[];
        };
        /** @description The selection with every default resolved */
        ReleaseSelection: {
            question_ids: string[];
            /** @description The ontology versions asked for (empty: any) */
            ontology_versions: number[];
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            since: string | null;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            until: string;
            include_excluded: boolean;
            only_gold: boolean;
            min_confidence: number | null;
            allow_mixed_ontology_versions: boolean;
            /**
             * @description Present in raw releases only (includeRaw)
             * @enum {boolean}
             */
            include_raw?: true;
        };
        ReleaseSummary: {
            releaseId: string;
            name: string;
            projectId: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            createdAt: string;
            location: string;
            labelCount: number;
            /** @description The ontology versions the release holds */
            ontologyVersions: number[];
            selection: components["schemas"]["ReleaseSelection"];
            parentReleaseId: string | null;
            /** @enum {string} */
            trigger: "api" | "schedule";
            requestedBy: string;
            manifest: components["schemas"]["ReleaseFileRef"];
            /** @description Items of the release erased since it was made (the release is immutable: marked, not rewritten) */
            erasedItemCount: number;
        };
        ReleaseVerification: {
            releaseId: string;
            projectId: string;
            ok: boolean;
            files: {
                key: string;
                expectedSha256: string;
                actualSha256: string | null;
                expectedSize: number;
                actualSize: number | null;
                ok: boolean;
                error?: string;
            }[];
        };
        /** @enum {string} */
        Role: "admin" | "project_manager" | "quality_analyst" | "annotator" | "producer" | "consumer";
        SavedLabelingFunction: {
            /** @enum {string} */
            kind: "keywords";
            question_id: string;
            id: string;
            /** @description A changed definition is a new version; old votes stay attributable */
            version: number;
            /** @description Who saved this version */
            owner: string;
            /** @description Prelabel runs it on arriving tasks itself (every kind but llm; model LFs read the local model, feedback LFs the production feedback); llm LFs are stored only */
            votesAutomatically: boolean;
            /** @description False when a PUT changed nothing (no new version) */
            created: boolean;
            /**
             * @description What the question and options were checked against: the project’s ontology copy, else a task of the question, else nothing
             * @enum {string}
             */
            checkedAgainst: "ontology" | "task_snapshot" | "unchecked";
            /** @description The new version’s run over the tasks held; null when nothing ran */
            backfill: {
                /** @description Items of the question (with text) it ran on */
                items: number;
                /** @description Votes stored */
                votes: number;
                /** @description Chunks it could not run on (a regex over its time budget): their items got no vote */
                failures: string[];
            } | null;
            /** @description The option it votes when it fires */
            votes: string;
            /** @description Case-insensitive, whole words; a phrase matches across any whitespace */
            keywords: string[];
        } | {
            /** @enum {string} */
            kind: "regex";
            question_id: string;
            id: string;
            /** @description A changed definition is a new version; old votes stay attributable */
            version: number;
            /** @description Who saved this version */
            owner: string;
            /** @description Prelabel runs it on arriving tasks itself (every kind but llm; model LFs read the local model, feedback LFs the production feedback); llm LFs are stored only */
            votesAutomatically: boolean;
            /** @description False when a PUT changed nothing (no new version) */
            created: boolean;
            /**
             * @description What the question and options were checked against: the project’s ontology copy, else a task of the question, else nothing
             * @enum {string}
             */
            checkedAgainst: "ontology" | "task_snapshot" | "unchecked";
            /** @description The new version’s run over the tasks held; null when nothing ran */
            backfill: {
                /** @description Items of the question (with text) it ran on */
                items: number;
                /** @description Votes stored */
                votes: number;
                /** @description Chunks it could not run on (a regex over its time budget): their items got no vote */
                failures: string[];
            } | null;
            /** @description The option it votes when it fires */
            votes: string;
            /** @description A JavaScript regular expression, tested anywhere in the text; one prone to catastrophic backtracking is refused */
            pattern: string;
            /** @description Among `imsu` */
            flags?: string;
        } | {
            /** @enum {string} */
            kind: "length";
            question_id: string;
            id: string;
            /** @description A changed definition is a new version; old votes stay attributable */
            version: number;
            /** @description Who saved this version */
            owner: string;
            /** @description Prelabel runs it on arriving tasks itself (every kind but llm; model LFs read the local model, feedback LFs the production feedback); llm LFs are stored only */
            votesAutomatically: boolean;
            /** @description False when a PUT changed nothing (no new version) */
            created: boolean;
            /**
             * @description What the question and options were checked against: the project’s ontology copy, else a task of the question, else nothing
             * @enum {string}
             */
            checkedAgainst: "ontology" | "task_snapshot" | "unchecked";
            /** @description The new version’s run over the tasks held; null when nothing ran */
            backfill: {
                /** @description Items of the question (with text) it ran on */
                items: number;
                /** @description Votes stored */
                votes: number;
                /** @description Chunks it could not run on (a regex over its time budget): their items got no vote */
                failures: string[];
            } | null;
            /** @description The option it votes when it fires */
            votes: string;
            /** @enum {string} */
            unit: "chars" | "words";
            /** @description Inclusive; left out: no lower bound */
            min?: number;
            /** @description Inclusive; left out: no upper bound */
            max?: number;
        } | {
            /** @enum {string} */
            kind: "model";
            question_id: string;
            id: string;
            /** @description A changed definition is a new version; old votes stay attributable */
            version: number;
            /** @description Who saved this version */
            owner: string;
            /** @description Prelabel runs it on arriving tasks itself (every kind but llm; model LFs read the local model, feedback LFs the production feedback); llm LFs are stored only */
            votesAutomatically: boolean;
            /** @description False when a PUT changed nothing (no new version) */
            created: boolean;
            /**
             * @description What the question and options were checked against: the project’s ontology copy, else a task of the question, else nothing
             * @enum {string}
             */
            checkedAgainst: "ontology" | "task_snapshot" | "unchecked";
            /** @description The new version’s run over the tasks held; null when nothing ran */
            backfill: {
                /** @description Items of the question (with text) it ran on */
                items: number;
                /** @description Votes stored */
                votes: number;
                /** @description Chunks it could not run on (a regex over its time budget): their items got no vote */
                failures: string[];
            } | null;
            /** @description The option it votes when it fires */
            votes: string;
            model: string;
            min_confidence: number;
        } | {
            /** @enum {string} */
            kind: "llm";
            question_id: string;
            id: string;
            /** @description A changed definition is a new version; old votes stay attributable */
            version: number;
            /** @description Who saved this version */
            owner: string;
            /** @description Prelabel runs it on arriving tasks itself (every kind but llm; model LFs read the local model, feedback LFs the production feedback); llm LFs are stored only */
            votesAutomatically: boolean;
            /** @description False when a PUT changed nothing (no new version) */
            created: boolean;
            /**
             * @description What the question and options were checked against: the project’s ontology copy, else a task of the question, else nothing
             * @enum {string}
             */
            checkedAgainst: "ontology" | "task_snapshot" | "unchecked";
            /** @description The new version’s run over the tasks held; null when nothing ran */
            backfill: {
                /** @description Items of the question (with text) it ran on */
                items: number;
                /** @description Votes stored */
                votes: number;
                /** @description Chunks it could not run on (a regex over its time budget): their items got no vote */
                failures: string[];
            } | null;
            /** @description A template containing `{{text}}` */
            prompt: string;
            /** @description Answer (trimmed, case-insensitive) → option; an unmapped answer abstains */
            mapping: {
                [key: string]: string;
            };
        } | {
            /** @enum {string} */
            kind: "feedback";
            question_id: string;
            id: string;
            /** @description A changed definition is a new version; old votes stay attributable */
            version: number;
            /** @description Who saved this version */
            owner: string;
            /** @description Prelabel runs it on arriving tasks itself (every kind but llm; model LFs read the local model, feedback LFs the production feedback); llm LFs are stored only */
            votesAutomatically: boolean;
            /** @description False when a PUT changed nothing (no new version) */
            created: boolean;
            /**
             * @description What the question and options were checked against: the project’s ontology copy, else a task of the question, else nothing
             * @enum {string}
             */
            checkedAgainst: "ontology" | "task_snapshot" | "unchecked";
            /** @description The new version’s run over the tasks held; null when nothing ran */
            backfill: {
                /** @description Items of the question (with text) it ran on */
                items: number;
                /** @description Votes stored */
                votes: number;
                /** @description Chunks it could not run on (a regex over its time budget): their items got no vote */
                failures: string[];
            } | null;
            /** @description The option it votes when it fires */
            votes: string;
            /** @description The production feedback signal, e.g. reported_spam */
            signal: string;
        };
        /** @description Sent with `Set-Cookie: verity_session=…; HttpOnly; SameSite=Strict` */
        Session: {
            user: components["schemas"]["SessionUser"];
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            expiresAt: string;
        };
        SessionUser: {
            id: string;
            email: string;
            displayName: string;
            roles: components["schemas"]["Role"][];
            /** @description Console language they chose; null: not chosen (the console follows the browser) */
            locale: components["schemas"]["Locale"] | null;
        };
        SetMemberRequest: {
            roles: ("annotator" | "quality_analyst" | "project_manager")[];
            /** @default [] */
            skills?: string[];
            /** @default [] */
            languages?: string[];
            /** @default true */
            active?: boolean;
        };
        SkipTaskRequest: {
            leaseId: string;
            reason: string;
        };
        SkippedTask: {
            taskId: string;
            /** @enum {boolean} */
            skipped: true;
        };
        SubmitAnswerRequest: {
            leaseId: string;
            /** @description Absent or null: no answer (only for a question that is not required) */
            answer?: components["schemas"]["AnswerInput"] | null;
            timeSpentMs: number;
        };
        SubmittedAnswer: {
            annotationId: string;
            taskId: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            submittedAt: string;
        };
        SuspendAnnotatorRequest: {
            /** @description Why: recorded and sent on annotators.v1 */
            reason: string;
        };
        TaskContent: {
            /** @enum {string} */
            type: "text" | "audio" | "video" | "image" | "unspecified";
            /** @description The (PII-masked) text; null for media */
            text: string | null;
            /** @description Where the lease holder fetches the payload: GET /v1/tasks/{taskId}/media (relative to the gateway); null without a payload */
            mediaUrl: string | null;
            /** @description The Content-Type the media is served with; null when unknown */
            mediaType: string | null;
        };
        TaskLeases: {
            /** @description The caller's live leases */
            leases: components["schemas"]["TaskView"][];
        };
        TaskQuestion: {
            id: string;
            /** @enum {string} */
            type: "single_choice" | "multiple_choice" | "free_text" | "text_span" | "time_segment" | "box" | "unspecified";
            prompt: string;
            options: {
                id: string;
                label: string;
                description: string;
            }[];
            required: boolean;
            minSelections: number | null;
            maxSelections: number | null;
        };
        /** @description A leased task as the annotator sees it: the same keys for every task (null when empty); nothing about other annotators or checks */
        TaskView: {
            taskId: string;
            /** @description Send it back with submit or skip */
            leaseId: string;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            leaseExpiresAt: string;
            projectId: string;
            itemId: string;
            question: components["schemas"]["TaskQuestion"];
            guidelines: string;
            content: components["schemas"]["TaskContent"];
            ontologyVersion: number;
            /** @description The machine's draft answer, when the task is shown with one */
            draft: components["schemas"]["Answer"] | null;
        };
        TokenRequest: {
            email: string;
            password: string;
        };
        TopicLag: {
            topic: string;
            partitions: components["schemas"]["PartitionLag"][];
            lag: number;
        };
        UpdateMeRequest: {
            /** @enum {string} */
            locale: "en" | "fr";
        };
        UpdateProjectRequest: {
            name?: string;
            description?: string;
            contentTypes?: ("text" | "audio" | "video" | "image")[];
            filter?: {
                /** @default [] */
                sources?: string[];
                /** @default [] */
                contentTypes?: ("text" | "audio" | "video" | "image")[];
                /** @default [] */
                tagsAny?: string[];
                /** @default [] */
                languages?: string[];
            };
            policy?: {
                answersPerTask?: number;
                honeypotRate?: number;
                agreementThreshold?: number;
                posteriorThreshold?: number;
                reliabilityFloor?: number;
                autoAcceptThreshold?: number | null;
                targetPrecision?: number | null;
                auditRate?: number;
                /** @enum {string} */
                prelabelMode?: "default" | "llm" | "local" | "off";
                routing?: {
                    requiredSkills?: string[];
                    matchLanguage?: boolean;
                };
                keepUnmaskedOriginal?: boolean;
                rawAccessRoles?: ("admin" | "project_manager" | "consumer")[];
                sampling?: {
                    /** @enum {string} */
                    strategy?: "none" | "least_confidence" | "margin" | "entropy" | "random";
                    dailyBudget?: number;
                };
                leaseSeconds?: number;
                showAnnotatorAccuracy?: boolean;
                costs?: {
                    humanPerAnswer?: number;
                    humanPerHour?: number;
                    expertPerVerdict?: number;
                    expertPerHour?: number;
                };
                blindControlRate?: number | null;
            };
        };
        /** @description A person's account (never the password) */
        User: {
            id: string;
            email: string;
            displayName: string;
            roles: components["schemas"]["Role"][];
            /** @description Console language they chose; null: not chosen (the console follows the browser) */
            locale: components["schemas"]["Locale"] | null;
            active: boolean;
            /**
             * Format: date-time
             * @example 2025-06-01T12:00:00.000Z
             */
            createdAt: string;
        };
        UserPage: {
            users: components["schemas"]["User"][];
            /** @description Pass as `after` for the next page; null on the last page */
            next: string | null;
        };
        Verdict: {
            requestId: string;
            /** @enum {string} */
            state: "decided";
            decisionId: string;
            /** @enum {string} */
            tier: "expert" | "project_manager";
            label: string;
            confidence: number;
            goldCandidate: boolean;
            /** @enum {boolean} */
            gold: false;
            /** @description The majority answer the verdict overrode; null when it agreed */
            overrodeMajority: string | null;
            /** @description Answers judged against the verdict (annotators.v1 events) */
            annotatorObservations: number;
        };
        VerdictRequest: {
            /** @description Single choice: the option id */
            label?: string;
            /** @description Multiple choice: the option ids */
            labels?: string[];
            confidence: number;
            /** @description Required when the verdict overrides the majority */
            note?: string;
            goldCandidate?: boolean;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    Auth_token: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessToken"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Me_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Me_update: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMeRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeUser"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Users_list: {
        parameters: {
            query?: {
                limit?: number;
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPage"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Users_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Users_deactivate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ApiKeys_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ApiKeys_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ApiKeys_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revoked key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Projects_list: {
        parameters: {
            query?: {
                archived?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectList"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Projects_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProjectRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Projects_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Projects_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProjectRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Projects_archive: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Members_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberList"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Members_set: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetMemberRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Members_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Ontologies_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OntologyList"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Ontologies_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OntologyDraft"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OntologyVersion"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Ontologies_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OntologyVersion"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Ontologies_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OntologyDraft"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OntologyVersion"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Ontologies_diff: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                a: string;
                b: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OntologyDiff"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Ontologies_publish: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublishOntologyRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OntologyVersion"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Content_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContentRequest"];
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentAccepted"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Content_batch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description Valid lines published; faulty ones reported by line number */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentBatchResult"];
                };
            };
            /** @description No line was accepted (the body also has `accepted` and `rejected`), too many lines, or not application/x-ndjson */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    AssignmentProxy_next: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task now leased to the caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description No task available now */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service is not configured (ASSIGNMENT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    AssignmentProxy_mine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskLeases"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service is not configured (ASSIGNMENT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    AssignmentProxy_submit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                taskId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubmitAnswerRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmittedAnswer"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service is not configured (ASSIGNMENT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    AssignmentProxy_skip: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                taskId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SkipTaskRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SkippedTask"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service is not configured (ASSIGNMENT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    AssignmentProxy_media: {
        parameters: {
            query?: never;
            header?: {
                /** @description One byte range, e.g. `bytes=0-1023`; several ranges get the whole payload */
                Range?: string;
                /** @description The ETag: the range is honoured only while the payload is unchanged */
                "If-Range"?: string;
            };
            path: {
                taskId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task's payload, whole */
            200: {
                headers: {
                    /** @description audio/*, video/*, raster image/*, text/plain, else application/octet-stream */
                    "Content-Type"?: string;
                    "Content-Length"?: number;
                    "Accept-Ranges"?: "bytes";
                    /** @description The quoted sha256 of the payload */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "audio/*": string;
                    "video/*": string;
                    "image/*": string;
                    "text/plain": string;
                    "application/octet-stream": string;
                };
            };
            /** @description The task's payload, the requested range */
            206: {
                headers: {
                    /** @description audio/*, video/*, raster image/*, text/plain, else application/octet-stream */
                    "Content-Type"?: string;
                    "Content-Length"?: number;
                    "Accept-Ranges"?: "bytes";
                    /** @description The quoted sha256 of the payload */
                    ETag?: string;
                    /** @description bytes start-end/size */
                    "Content-Range"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "audio/*": string;
                    "video/*": string;
                    "image/*": string;
                    "text/plain": string;
                    "application/octet-stream": string;
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The range is outside the payload (no body) */
            416: {
                headers: {
                    /** @description bytes *\/size */
                    "Content-Range"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The assignment service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service is not configured (ASSIGNMENT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    AssignmentProxy_gold: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GoldItemRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GoldItem"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service is not configured (ASSIGNMENT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The assignment service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    AdjudicationProxy_list: {
        parameters: {
            query?: {
                state?: components["schemas"]["AdjudicationState"];
            };
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdjudicationQueue"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service is not configured (ADJUDICATION_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    AdjudicationProxy_next: {
        parameters: {
            query?: {
                queue?: "open" | "escalated";
            };
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request now claimed by the caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdjudicationRequest"];
                };
            };
            /** @description Nothing to claim */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service is not configured (ADJUDICATION_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    AdjudicationProxy_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                requestId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdjudicationRequest"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service is not configured (ADJUDICATION_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    AdjudicationProxy_media: {
        parameters: {
            query?: never;
            header?: {
                /** @description One byte range, e.g. `bytes=0-1023`; several ranges get the whole payload */
                Range?: string;
                /** @description The ETag: the range is honoured only while the payload is unchanged */
                "If-Range"?: string;
            };
            path: {
                requestId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request's payload, whole */
            200: {
                headers: {
                    /** @description audio/*, video/*, raster image/*, text/plain, else application/octet-stream */
                    "Content-Type"?: string;
                    "Content-Length"?: number;
                    "Accept-Ranges"?: "bytes";
                    /** @description The quoted sha256 of the payload */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "audio/*": string;
                    "video/*": string;
                    "image/*": string;
                    "text/plain": string;
                    "application/octet-stream": string;
                };
            };
            /** @description The request's payload, the requested range */
            206: {
                headers: {
                    /** @description audio/*, video/*, raster image/*, text/plain, else application/octet-stream */
                    "Content-Type"?: string;
                    "Content-Length"?: number;
                    "Accept-Ranges"?: "bytes";
                    /** @description The quoted sha256 of the payload */
                    ETag?: string;
                    /** @description bytes start-end/size */
                    "Content-Range"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "audio/*": string;
                    "video/*": string;
                    "image/*": string;
                    "text/plain": string;
                    "application/octet-stream": string;
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The range is outside the payload (no body) */
            416: {
                headers: {
                    /** @description bytes *\/size */
                    "Content-Range"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The adjudication service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service is not configured (ADJUDICATION_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    AdjudicationProxy_verdict: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                requestId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerdictRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Verdict"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service is not configured (ADJUDICATION_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    AdjudicationProxy_escalate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                requestId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EscalateRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Escalation"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service is not configured (ADJUDICATION_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    AdjudicationProxy_confirm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                requestId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GoldConfirmation"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service is not configured (ADJUDICATION_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The adjudication service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ExportProxy_list: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReleaseList"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is not configured (EXPORT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ExportProxy_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateReleaseRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedRelease"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Well-formed but cannot be processed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is not configured (EXPORT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ExportProxy_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                releaseId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Release"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is not configured (EXPORT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ExportProxy_verify: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                releaseId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReleaseVerification"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is not configured (EXPORT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ExportProxy_reexport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                releaseId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReleaseReexport"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is not configured (EXPORT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ExportProxy_download: {
        parameters: {
            query?: never;
            header?: {
                /** @description One byte range, e.g. `bytes=0-1023` */
                Range?: string;
                /** @description The ETag: the range is honoured only for that file */
                "If-Range"?: string;
            };
            path: {
                projectId: string;
                releaseId: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The whole file: labels.jsonl (NDJSON), labels.parquet, labels.csv, README.md (dataset card), or manifest.json */
            200: {
                headers: {
                    /** @description application/x-ndjson, application/vnd.apache.parquet, text/csv, text/markdown, application/json */
                    "Content-Type"?: string;
                    "Content-Length"?: number;
                    /** @description attachment; filename="<release name or id>-<file>" (and filename* when the name is not plain ASCII) */
                    "Content-Disposition"?: string;
                    "Accept-Ranges"?: "bytes";
                    /** @description The quoted sha256 of the file (as in the manifest) */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                    "application/vnd.apache.parquet": string;
                    "text/csv": string;
                    "text/markdown": string;
                    "application/json": components["schemas"]["ReleaseManifest"];
                };
            };
            /** @description The requested byte range of the file */
            206: {
                headers: {
                    /** @description application/x-ndjson, application/vnd.apache.parquet, text/csv, text/markdown, application/json */
                    "Content-Type"?: string;
                    "Content-Length"?: number;
                    /** @description attachment; filename="<release name or id>-<file>" (and filename* when the name is not plain ASCII) */
                    "Content-Disposition"?: string;
                    "Accept-Ranges"?: "bytes";
                    /** @description The quoted sha256 of the file (as in the manifest) */
                    ETag?: string;
                    /** @description bytes start-end/size */
                    "Content-Range"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                    "application/vnd.apache.parquet": string;
                    "text/csv": string;
                    "text/markdown": string;
                    "application/json": string;
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The range is outside the file (no body) */
            416: {
                headers: {
                    /** @description bytes *\/size */
                    "Content-Range"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The export service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is not configured (EXPORT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ExportProxy_labelStudio: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                releaseId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A JSON array of tasks, `Content-Disposition: attachment; filename="<release name or id>-label-studio.json"` */
            200: {
                headers: {
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabelStudioExportTask"][];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Well-formed but cannot be processed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is not configured (EXPORT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ExportProxy_diff: {
        parameters: {
            query?: {
                limit?: number;
                after?: string;
            };
            header?: never;
            path: {
                projectId: string;
                releaseId: string;
                otherId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReleaseDiff"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is not configured (EXPORT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ExportProxy_audit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                itemId: string;
                questionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabelAudit"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service is not configured (EXPORT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The export service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ExportProxy_metrics: {
        parameters: {
            query?: {
                windows?: number;
                windowMs?: number;
            };
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectQuality"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The quality service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The quality service is not configured (QUALITY_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The quality service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    PrelabelProxy_costs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrelabelCosts"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is not configured (PRELABEL_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    PrelabelProxy_models: {
        parameters: {
            query?: {
                buckets?: number;
                bucketMs?: number;
            };
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrelabelModels"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is not configured (PRELABEL_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    PrelabelProxy_select: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActiveLearningSelection"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is not configured (PRELABEL_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    LabelingFunctionsProxy_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabelingFunctions"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is not configured (PRELABEL_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    LabelingFunctionsProxy_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LabelingFunctionDefinition"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedLabelingFunction"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is not configured (PRELABEL_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    LabelingFunctionsProxy_analysis: {
        parameters: {
            query?: {
                questionId?: string;
                bucketMs?: number;
            };
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabelingFunctionAnalysis"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is not configured (PRELABEL_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    LabelingFunctionsProxy_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                lfId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LabelingFunctionChange"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedLabelingFunction"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Refused in the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is not configured (PRELABEL_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    LabelingFunctionsProxy_retire: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                lfId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabelingFunctionRetired"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service is not configured (PRELABEL_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The prelabel service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    MyWorkProxy_get: {
        parameters: {
            query?: {
                limit?: number;
                after?: string;
            };
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyWork"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The quality service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The quality service is not configured (QUALITY_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The quality service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Session_signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Cross-site request refused: the Origin is not the gateway’s own */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Session_signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out: the cookie is cleared */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Cross-site request refused: the Origin is not the gateway’s own */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    QualityDashboardProxy_suspend: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                annotatorId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SuspendAnnotatorRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnnotatorSuspension"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The quality service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The quality service is not configured (QUALITY_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The quality service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    QualityDashboardProxy_reinstate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                annotatorId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReinstateAnnotatorRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnnotatorSuspension"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The quality service is unreachable, or answered with a redirect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The quality service is not configured (QUALITY_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The quality service did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Dashboard_progress: {
        parameters: {
            query?: {
                bucket?: "minute" | "hour" | "day";
                from?: string;
                to?: string;
            };
            header: {
                traceparent: string;
            };
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DashboardProgress"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Dashboard_cost: {
        parameters: {
            query?: {
                bucket?: "minute" | "hour" | "day";
                from?: string;
                to?: string;
            };
            header: {
                traceparent: string;
            };
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DashboardCost"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Erasures_list: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErasureList"];
                };
            };
            /**
             * @description Invalid request: `errors` names every faulty field
             *
             *     Invalid request: `errors` names every faulty field
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Erasures_request: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ErasureRequest"];
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErasureAccepted"];
                };
            };
            /**
             * @description Invalid request: `errors` names every faulty field
             *
             *     Invalid request: `errors` names every faulty field
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Erasures_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
                erasureId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Erasure"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    LabelStudioImport_import: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LabelStudioImport"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabelStudioImportResult"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The config is not a Label Studio config Verity can import (the message names the tag), does not match the published ontology (names the question or option), or the project would not take the content */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description prelabel or assignment is unreachable or refused the imported work (the message says which; nothing after it was published: send the import again) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description prelabel or assignment is not configured (PRELABEL_URL or ASSIGNMENT_URL unset) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description prelabel or assignment did not answer within UPSTREAM_TIMEOUT_MS */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Health_healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    Health_readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description A dependency is down (named in `checks`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    Operations_summary: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeadLetterTopics"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Kafka did not answer in time */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Operations_page: {
        parameters: {
            query?: {
                limit?: number;
                after?: string;
            };
            header?: never;
            path: {
                /** @description A contract topic, e.g. `content.v1` (not its `.dlq` twin) */
                topic: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeadLetterPage"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Kafka did not answer in time */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Operations_redrive: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A contract topic, e.g. `content.v1` (not its `.dlq` twin) */
                topic: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RedriveRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedriveResult"];
                };
            };
            /** @description Invalid request: `errors` names every faulty field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Kafka did not answer in time */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Operations_consumerLag: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsumerLag"];
                };
            };
            /** @description Missing, invalid or expired credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
