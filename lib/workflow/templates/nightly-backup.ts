import type { WorkflowTemplate } from "./types";
import { edge, step } from "./build";

const SAMPLE = "./sample-data";

// A few files standing in for real data, so the template shows a real backup before it is pointed at one.
const MAKE_SAMPLE = `mkdir -p "$SOURCE_DIR" && cd "$SOURCE_DIR" && printf 'id,name\\n1,alpha\\n2,beta\\n' > customers.csv && date -u +%Y-%m-%dT%H:%M:%SZ > exported-at.txt && echo "wrote sample files to $PWD"`;

// The local provider's buckets are folders with file:// URLs; other providers need their own sync tool here.
const SYNC = `[ -d "$SOURCE_DIR" ] || { echo "$SOURCE_DIR is not a folder (relative paths start in the run's workspace)" >&2; exit 3; }
case "$BACKUP_URL" in
  file://*) dest="\${BACKUP_URL#file://}/$(date -u +%Y-%m-%d)" ;;
  *) echo "this sample copies into local buckets only, not $BACKUP_URL" >&2; exit 2 ;;
esac
mkdir -p "$dest" && cp -R "$SOURCE_DIR/." "$dest/" && echo "copied $(find "$SOURCE_DIR" -type f | wc -l | tr -d ' ') file(s) from $SOURCE_DIR to $dest"`;

export const nightlyBackup: WorkflowTemplate = {
  id: "nightly-backup",
  name: "Nightly backup",
  description:
    "Ensure a backup bucket whose objects expire after the retention period (versioned where the provider supports it), copy a data folder into it under today's date — by default a sample folder the run creates — and report the result. A failed copy is reported and the run ends failed; the bucket and earlier backups are kept.",
  definition: {
    inputs: [
      { name: "retention_days", type: "number", label: "Keep backups (days)", description: "Backups older than this are deleted by the bucket's retention (1-3650).", required: true, default: 30 },
      {
        name: "source_path",
        type: "string",
        label: "Data folder",
        description: `Folder to back up, relative to the run's workspace or absolute. Left at ${SAMPLE}, the run writes sample files there first.`,
        required: true,
        default: SAMPLE,
      },
    ],
    nodes: [
      step("backup_bucket", "bucket", "Backup bucket", [0, 0], {
        name: "nightly-backups",
        versioning: true,
        retentionDays: "${{ inputs.retention_days }}",
        publicAccess: false,
        tags: { purpose: "backup" },
      }),
      step("sample_data", "script", "Create sample data", [0, 1], { command: MAKE_SAMPLE, shell: "sh", env: { SOURCE_DIR: "${{ inputs.source_path }}" } }, { when: `inputs.source_path == "${SAMPLE}"` }),
      step(
        "sync_data",
        "script",
        "Copy data",
        [1, 0],
        // Values go in through the environment so the shell never parses them.
        { command: SYNC, shell: "sh", env: { BACKUP_URL: "${{ steps.backup_bucket.outputs.url }}", SOURCE_DIR: "${{ inputs.source_path }}" } },
        { retry: { maxAttempts: 3, backoff: "exponential", delaySeconds: 10 }, timeoutSeconds: 3600 },
      ),
      step("done", "notify", "Report success", [2, 0], {
        channel: "log",
        message: "Nightly backup into ${{ steps.backup_bucket.outputs.url }}: ${{ steps.sync_data.outputs.stdout }}",
      }),
      step("sync_failed", "notify", "Report failure", [2, 1], {
        channel: "log",
        severity: "error",
        message: "Nightly backup of ${{ inputs.source_path }} into ${{ steps.backup_bucket.outputs.url }} failed; earlier backups are kept until they are ${{ inputs.retention_days }} days old.",
      }),
    ],
    edges: [
      edge("backup_bucket", "sync_data"),
      // Skipped when the data folder is not the sample one; the copy still runs (its bucket edge fired).
      edge("sample_data", "sync_data"),
      edge("sync_data", "done"),
      edge("sync_data", "sync_failed", "failure"),
    ],
    // The bucket holds earlier nights' backups: never delete it because one copy failed.
    onFailure: "stop",
  },
};
