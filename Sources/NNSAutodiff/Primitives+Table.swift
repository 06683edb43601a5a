/// The whole primitive table, in one list: the gradient test enumerates it, so a primitive
/// added here without a finite-difference case fails the test suite.
extension Primitives {
  /// Every differentiable primitive.
  public static let all: [Primitive] = [
    neg, exp, log, log1p, sqrt, abs, sin, cos, tan, tanh, sigmoid, relu, leakyRelu, gelu,
    erf, expm1, softplus, elu, cast,
    add, sub, mul, div, mod, pow, maximum, minimum, `where`, clamp,
    sum, mean, max, min, prod, variance, logsumexp, norm,
    reshape, transpose, broadcastTo, sumTo, concat, tile, cumsum,
    getIndex, indexAdd, setIndex,
    matmul, conv, convInputGrad, convWeightGrad,
    softmax, logSoftmax, crossEntropy, bceWithLogits,
  ]
}
