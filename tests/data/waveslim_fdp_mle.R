# Reference output of R waveslim's fdp.mle (the wavelet MLE of d, Percival & Walden ch. 9)
# for tests/test_longmemory.py. Run from the repository root:
#
#   .venv/bin/python -c "import numpy as np, atrous; np.savetxt('/tmp/fdp_x.csv', np.stack([atrous.simulate_arfima(1024, d, seed=s) for d, s in [(0.1, 101), (0.3, 102), (0.3, 103)]]).T, delimiter=',', fmt='%.17g')"
#   Rscript tests/data/waveslim_fdp_mle.R /tmp/fdp_x.csv /tmp/fdp_out
#   .venv/bin/python -c "import numpy as np, glob, os; np.savez('tests/data/waveslim_fdp_mle.npz', x=np.loadtxt('/tmp/fdp_x.csv', delimiter=',').T, d_true=[0.1, 0.3, 0.3], seed=[101, 102, 103], **{os.path.basename(f)[:-4]: np.loadtxt(f, delimiter=',', ndmin=1) for f in glob.glob('/tmp/fdp_out/*.csv')})"
#
# Each column of the input is one series (length 2**10). Written, 17 significant digits:
#   d_hat, sigma2, objective: fdp.mle(x, "la8")$parameters and $objective, per series;
#   grid_d: values of d; grid_objective: fdp.mle's objective (its inner fdpML) at grid_d,
#     one row per series;
#   bandpass: integrate(fdp.sdf, a_j, b_j, d)$value for the bands j = 1 ... 10 and the
#     scaling band [0, 1/2**11], one row per value of grid_d;
#   dwt_sums: sum of squares of dwt(x, "la8", 10) per level d1 ... d10, s10, one row per
#     series.
library(waveslim)
args <- commandArgs(trailingOnly = TRUE)
x <- as.matrix(read.csv(args[1], header = FALSE))
out <- args[2]
dir.create(out, showWarnings = FALSE)
J <- 10
n <- nrow(x)
a <- c(1 / 2^c(1:J + 1), 0)
b <- 1 / 2^c(0:J + 1)
length.j <- n / c(2^(1:J), 2^J)
scale.j <- c(2^(1:J + 1), 2^(J + 1))
grid_d <- seq(-0.4, 0.45, by = 0.05)
bandvar <- function(d) sapply(1:(J + 1), function(j) integrate(fdp.sdf, a[j], b[j], d = d)$value)
objective <- function(d, y.dwt) {
  omega <- rep(scale.j * bandvar(d), length.j)
  n * log(sum(y.dwt^2 / omega) / n) + sum(length.j * log(scale.j * bandvar(d)))
}
d_hat <- sigma2 <- obj <- numeric(ncol(x))
grid_obj <- matrix(0, ncol(x), length(grid_d))
sums <- matrix(0, ncol(x), J + 1)
for (i in 1:ncol(x)) {
  fit <- fdp.mle(x[, i], "la8")
  d_hat[i] <- fit$parameters[1]
  sigma2[i] <- fit$parameters[2]
  obj[i] <- fit$objective
  w <- dwt(x[, i], "la8", n.levels = J)
  sums[i, ] <- sapply(w, function(v) sum(v^2))
  y.dwt <- as.vector(unlist(w))
  grid_obj[i, ] <- sapply(grid_d, objective, y.dwt = y.dwt)
}
bandpass <- t(sapply(grid_d, bandvar))
put <- function(value, name) write.table(format(value, digits = 17), file.path(out, paste0(name, ".csv")),
                                         sep = ",", row.names = FALSE, col.names = FALSE, quote = FALSE)
put(d_hat, "d_hat"); put(sigma2, "sigma2"); put(obj, "objective"); put(grid_d, "grid_d")
put(grid_obj, "grid_objective"); put(bandpass, "bandpass"); put(sums, "dwt_sums")
cat("waveslim", as.character(packageVersion("waveslim")), R.version.string, "\n")
