namespace Course.Grader;

/// <summary>The grader itself failed (no engine, no image, a broken reference): not the student's fault, so no attempt is used.</summary>
public sealed class GradingInfrastructureException(string message, Exception? inner = null) : Exception(message, inner);
