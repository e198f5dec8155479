using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Course.Contracts.Interchange;
using static TorchSharp.torch;

namespace Course.Reference.Goldens;

/// <summary>
/// The inputs, expected outputs and calls of one assignment's tests, as the grader consumes them:
/// inputs.safetensors and calls.json go into the sandbox, expected.safetensors never does.
/// </summary>
public sealed class GoldenSet
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    readonly Dictionary<string, TensorData> inputs = [];
    readonly Dictionary<string, TensorData> expected = [];
    readonly List<GoldenCall> calls = [];

    public GoldenCall Call(string test, string entry)
    {
        var call = new GoldenCall(test, entry, [], [], []);
        calls.Add(call);
        return call;
    }

    /// <summary>Stores an input tensor in its own dtype and passes it as the next argument.</summary>
    public void Input(GoldenCall call, string arg, Tensor value)
    {
        var key = $"{call.Name}/{arg}";
        inputs[key] = TensorConvert.ToData(value);
        call.Args.Add(new GoldenArg(arg, Tensor: key));
    }

    public void InputDict(GoldenCall call, string arg, IReadOnlyDictionary<string, Tensor> values)
    {
        var keys = new Dictionary<string, string>();
        foreach (var (name, value) in values)
        {
            var key = $"{call.Name}/{arg}.{name}";
            inputs[key] = TensorConvert.ToData(value);
            keys[name] = key;
        }
        call.Args.Add(new GoldenArg(arg, Dict: keys));
    }

    /// <summary>An optional tensor argument: the tensor, or None when there is none (e.g. no mask).</summary>
    public void OptionalInput(GoldenCall call, string arg, Tensor? value)
    {
        if (value is null) Value(call, arg, null);
        else Input(call, arg, value);
    }

    public void Value(GoldenCall call, string arg, JsonNode? value) => call.Args.Add(new GoldenArg(arg, Value: value));

    /// <summary>Records an expected output, always as float64.</summary>
    public void Expect(GoldenCall call, string output, Tensor value)
    {
        expected[TensorKeys.Of(call.Name, output)] = TensorConvert.ToData(value.detach().to_type(ScalarType.Float64));
        call.Outputs.Add(output);
    }

    /// <summary>Records an intermediate stage (float64), compared only to tell a student where a wrong output went wrong.</summary>
    public void ExpectStage(GoldenCall call, string stage, Tensor value)
    {
        expected[TensorKeys.Stage(call.Name, stage)] = TensorConvert.ToData(value.detach().to_type(ScalarType.Float64));
        call.Stages.Add(stage);
    }

    /// <summary>Every stage of a traced forward pass, in the order the model computed them.</summary>
    public void ExpectStages(GoldenCall call, StageTrace trace)
    {
        foreach (var (name, value) in trace.Stages) ExpectStage(call, name, value);
    }

    public IReadOnlyDictionary<string, byte[]> ToFiles(IReadOnlyDictionary<string, string> metadata) => new Dictionary<string, byte[]>
    {
        ["inputs.safetensors"] = SafeTensors.Write(inputs, metadata),
        ["expected.safetensors"] = SafeTensors.Write(expected, metadata),
        ["calls.json"] = JsonSerializer.SerializeToUtf8Bytes(calls, Json),
    };
}
