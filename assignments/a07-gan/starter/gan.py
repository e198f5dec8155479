"""a07-gan: write the functions below (see README.md for the exact definitions).

Arrays arrive as NumPy arrays (float64, or float32 where a test says so); return NumPy arrays,
PyTorch tensors, Python numbers or anything numpy.asarray accepts."""


def gan_losses(real_logits, fake_logits):
    """-> (d_loss, g_loss, d_grad, g_grad): the discriminator loss, the non-saturating generator
    loss, and their gradients w.r.t. fake_logits."""
    raise NotImplementedError


def dcgan_generator(z, params):
    """z (B, nz, 1, 1) -> image (B, nc, 16, 16)."""
    raise NotImplementedError


def dcgan_discriminator(images, params):
    """images (B, nc, 16, 16) -> logits (B,)."""
    raise NotImplementedError


def dcgan_param_counts(nz, ngf, ndf, nc):
    """-> (generator, discriminator): the number of trainable parameters of each network."""
    raise NotImplementedError


def wgan_losses(real_scores, fake_scores):
    """-> (critic_loss, generator_loss), both to be minimised."""
    raise NotImplementedError


def clip_weights(params, c):
    """-> a dict with the same keys, every tensor clamped to [-c, c]."""
    raise NotImplementedError


def gradient_penalty(real, fake, eps, params):
    """-> (xhat, penalty, grad.conv.weight, grad.conv.bias, grad.fc.weight, grad.fc.bias),
    as a tuple in this order or a dict with these keys."""
    raise NotImplementedError
