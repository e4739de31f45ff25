namespace NeuralHjb.Training;

/// <summary>Housekeeping around checkpoint files.</summary>
internal static class CheckpointFiles
{
    /// <summary>
    /// Deletes the temporary files <c>.NAME.GUID.tmp</c> that the atomic writer (temp file + rename) leaves
    /// next to <c>NAME</c> when its process is killed mid-write. Called when a run resumes from the
    /// checkpoint: that run is then the file's only writer, so no temporary file belongs to a live write.
    /// Failures are ignored (the files are harmless, only wasted space).
    /// </summary>
    public static void DeleteStaleTemporaries(string checkpointPath)
    {
        try
        {
            var full = Path.GetFullPath(checkpointPath);
            var directory = Path.GetDirectoryName(full);
            if (directory is null || !Directory.Exists(directory))
            {
                return;
            }

            var pattern = "." + Path.GetFileName(full) + ".*.tmp";
            foreach (var file in Directory.EnumerateFiles(directory, pattern))
            {
                File.Delete(file);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
