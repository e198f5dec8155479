using static TorchSharp.torch;

namespace Course.Reference.TimeGan;

/// <summary>Every loss term of one TimeGAN forward pass, named as in the authors' code.</summary>
public sealed record TimeGanLossTerms(Tensor E_loss_T0, Tensor E_loss0, Tensor E_loss, Tensor G_loss_S, Tensor D_loss,
    Tensor G_loss_U, Tensor G_loss_U_e, Tensor G_loss_V1, Tensor G_loss_V2, Tensor G_loss);

/// <summary>
/// One forward pass of the five networks on a real batch x and a noise batch z of the same lengths, and the
/// objectives the authors' code trains with (not the paper's λ, η form):
/// E_loss0 = 10 √L_R, E_loss = E_loss0 + 0.1 L_S, D_loss = BCE(y_real, 1) + BCE(y_fake, 0) + γ BCE(y_fake_e, 0),
/// G_loss = BCE(y_fake, 1) + γ BCE(y_fake_e, 1) + 100 √L_S + 100 (V1 + V2).
/// </summary>
public static class TimeGanObjectives
{
    public static TimeGanLossTerms Compute(TimeGanNetwork embedder, TimeGanNetwork recovery, TimeGanNetwork generator,
        TimeGanNetwork supervisor, TimeGanNetwork discriminator, Tensor x, Tensor z, Tensor lengths, double gamma,
        StageTrace? trace = null)
    {
        var h = trace.Keep("h", embedder.call(x));
        var xTilde = trace.Keep("x_tilde", recovery.call(h));
        var eHat = trace.Keep("e_hat", generator.call(z));
        var hHat = trace.Keep("h_hat", supervisor.call(eHat));
        var hHatSupervise = trace.Keep("h_hat_supervise", supervisor.call(h));
        var xHat = trace.Keep("x_hat", recovery.call(hHat));
        var yReal = trace.Keep("y_real", discriminator.call(h));
        var yFake = trace.Keep("y_fake", discriminator.call(hHat));
        var yFakeE = trace.Keep("y_fake_e", discriminator.call(eHat));

        var lR = TimeGanLosses.Reconstruction(x, xTilde, lengths);
        var lS = TimeGanLosses.Supervised(h, hHatSupervise, lengths);
        var e0 = 10 * lR.sqrt();
        var d = TimeGanLosses.Bce(yReal, 1, lengths) + TimeGanLosses.Bce(yFake, 0, lengths) + gamma * TimeGanLosses.Bce(yFakeE, 0, lengths);
        var gU = TimeGanLosses.Bce(yFake, 1, lengths);
        var gUe = TimeGanLosses.Bce(yFakeE, 1, lengths);
        var (v1, v2) = TimeGanLosses.Moments(x, xHat, lengths);
        var g = gU + gamma * gUe + 100 * lS.sqrt() + 100 * (v1 + v2);
        return new(lR, e0, e0 + 0.1 * lS, lS, d, gU, gUe, v1, v2, g);
    }
}
