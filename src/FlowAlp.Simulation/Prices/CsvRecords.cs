namespace FlowAlp.Simulation.Prices;

/// <summary>
/// The record lines of the project's small CSV files (prices, rates): each non-blank line not starting with '#', split
/// at commas with every field trimmed, with its 1-based line number, and whether it is the file's first such line (where
/// a header may stand).
/// </summary>
internal static class CsvRecords
{
    public static IEnumerable<(int Line, string[] Fields, bool First)> Read(TextReader reader)
    {
        int lineNumber = 0;
        bool sawContent = false;
        for (string? line = reader.ReadLine(); line != null; line = reader.ReadLine())
        {
            lineNumber++;
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            bool first = !sawContent;
            sawContent = true;
            yield return (lineNumber, trimmed.Split(',').Select(f => f.Trim()).ToArray(), first);
        }
    }
}
