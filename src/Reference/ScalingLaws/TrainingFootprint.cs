using static TorchSharp.torch;

namespace Course.Reference.ScalingLaws;

/// <summary>
/// From training FLOPs to time, energy and emissions (Strubell et al. 2019; Patterson et al. 2021): the cluster
/// sustains n_gpus × peak × utilisation FLOP/s; each GPU draws a constant power while it runs; the data centre's PUE
/// scales the IT energy to the facility's; the grid's carbon intensity turns kWh into kg CO₂e.
/// </summary>
public sealed record TrainingFootprint(long Gpus, double PeakFlopsPerGpu, double Utilisation, double WattsPerGpu, double Pue, double KgCo2ePerKwh)
{
    public (Tensor Hours, Tensor GpuHours, Tensor Kwh, Tensor KgCo2e) Of(Tensor flops)
    {
        var hours = flops / (Gpus * PeakFlopsPerGpu * Utilisation) / 3600;  // wall-clock hours
        var gpuHours = hours * Gpus;
        var kwh = gpuHours * WattsPerGpu / 1000 * Pue;
        return (hours, gpuHours, kwh, kwh * KgCo2ePerKwh);
    }
}
