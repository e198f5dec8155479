using System.IO.Compression;
using System.Text;
using Course.Grader.Submissions;

namespace Course.Grader.Tests.Evaluation;

/// <summary>Builds a project's upload: a zip of the given files, by default with a notebook and a Markdown report beside the predictions.</summary>
public static class ProjectZip
{
    public static SubmissionUpload Of(string predictions, params (string Name, byte[] Content)[] extra) =>
        Files([("predictions.csv", Encoding.UTF8.GetBytes(predictions)), ("finetune.ipynb", """{"nbformat": 4, "cells": []}"""u8.ToArray()),
               ("report.md", "# Report\n"u8.ToArray()), .. extra]);

    public static SubmissionUpload Files(IEnumerable<(string Name, byte[] Content)> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in files)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        return new SubmissionUpload("project.zip", buffer.ToArray());
    }

    /// <summary>A predictions file giving each id of the labels file the label <paramref name="choose"/> picks for it.</summary>
    public static string Predictions(IEnumerable<Course.Grader.Evaluation.TestLabel> labels, Func<Course.Grader.Evaluation.TestLabel, string> choose) =>
        "id,label\n" + string.Concat(labels.Select(l => $"{l.Id},{choose(l)}\n"));
}
