namespace Course.Contracts.Interchange;

/// <summary>
/// The only exception <see cref="SafeTensors.Read(byte[], SafeTensorsLimits?)"/> throws: the bytes are not a safetensors
/// file the reader accepts. A <see cref="FormatException"/>, so callers that catch that keep working.
/// </summary>
public sealed class InvalidSafeTensorsException(string message, Exception? inner = null) : FormatException(message, inner);
