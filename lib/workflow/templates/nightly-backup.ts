import type { WorkflowTemplate } from "./types";
import { edge, step } from "./build";

// The local provider's buckets are folders with file:// URLs; other providers need their own sync tool here.
const SYNC = `case "$BACKUP_URL" in
  file://*) dest="\${BACKUP_URL#file://}/$(date -u +%Y-%m-%d)" ;;
  *) echo "this sample copies into local buckets only, not $BACKUP_URL" >&2; exit 2 ;;
esac
mkdir -p "$dest" && cp -R "$SOURCE_DIR/." "$dest/" && echo "copied $SOURCE_DIR to $dest"`;

export const nightlyBackup: WorkflowTemplate = {
  id: "nightly-backup",
  name: "Nightly backup",
  description: "Ensure a versioned backup bucket with a retention period, copy today's data into it, and report the result.",
  definition: {
    inputs: [
      { name: "retention_days", type: "number", label: "Keep backups (days)", description: "Older backups are deleted (1-3650).", required: true, default: 30 },
      { name: "source_path", type: "string", label: "Data folder", description: "Folder to back up, relative to the run's workspace or absolute.", required: true, default: "./data" },
    ],
    nodes: [
      step("backup_bucket", "bucket", "Backup bucket", [0, 0], {
        name: "nightly-backups",
        versioning: true,
        retentionDays: "${{ inputs.retention_days }}",
        publicAccess: false,
        tags: { purpose: "backup" },
      }),
      step(
        "sync_data",
        "script",
        "Copy data",
        [1, 0],
        // Values go in through the environment so the shell never parses them.
        { command: SYNC, shell: "sh", env: { BACKUP_URL: "${{ steps.backup_bucket.outputs.url }}", SOURCE_DIR: "${{ inputs.source_path }}" } },
        { retry: { maxAttempts: 3, backoff: "exponential", delaySeconds: 60 }, timeoutSeconds: 3600 },
      ),
      step("done", "notify", "Report success", [2, 0], {
        channel: "log",
        message: "Nightly backup copied to ${{ steps.backup_bucket.outputs.url }}: ${{ steps.sync_data.outputs.stdout }}",
      }),
      step("sync_failed", "notify", "Report failure", [2, 1], {
        channel: "log",
        severity: "error",
        message: "Nightly backup into ${{ steps.backup_bucket.outputs.url }} failed; backups older than ${{ inputs.retention_days }} days keep expiring.",
      }),
    ],
    edges: [edge("backup_bucket", "sync_data"), edge("sync_data", "done"), edge("sync_data", "sync_failed", "failure")],
    // The bucket holds earlier nights' backups: never delete it because one copy failed.
    onFailure: "stop",
  },
};
