import NNSAutodiff
import NNSTensor

private func I(_ shape: [Int], _ d: Domain = .normal) -> Input {
  Input(shape: shape, domain: d, differentiate: true)
}

private func c(
  _ name: String, _ label: String, _ inputs: [Input], _ f: @escaping ([DVal]) throws -> DVal
) -> GradCase {
  GradCase(name: name, label: label, inputs: inputs, f: f)
}

extension GradCases {
  /// SPEC §11's array operations over a few shapes and axes; checked to first and second
  /// order. Inputs are drawn from a continuous distribution, so sort and topk see no ties.
  static let arrays: [GradCase] = [
    c("cumsum", "[5] axis -1", [I([5])]) { try AD.cumsum($0[0]) },
    c("cumsum", "[2,3,4] axis 1", [I([2, 3, 4])]) { try AD.cumsum($0[0], axis: 1) },
    c("cumsum", "[3,2] axis 0, squared", [I([3, 2])]) {
      try AD.cumsum($0[0] * $0[0], axis: 0)
    },
    c("flip", "[4] axis 0", [I([4])]) { try AD.flip($0[0], axes: [0]) },
    c("flip", "[2,3,2] axes -1 and 0", [I([2, 3, 2])]) {
      try AD.flip($0[0] * $0[0], axes: [-1, 0])
    },
    c("roll", "[5] shift 2", [I([5])]) { try AD.roll($0[0], shift: 2, axis: 0) },
    c("roll", "[2,3] shift -4 axis 1", [I([2, 3])]) {
      try AD.roll($0[0] * $0[0], shift: -4, axis: 1)
    },
    c("triu", "[3,4] k 0", [I([3, 4])]) { try AD.triangle($0[0], k: 0, upper: true) },
    c("triu", "[2,3,3] k 1, cubed", [I([2, 3, 3])]) {
      try AD.triangle($0[0] * $0[0] * $0[0], k: 1, upper: true)
    },
    c("tril", "[4,3] k -1, squared", [I([4, 3])]) {
      try AD.triangle($0[0] * $0[0], k: -1, upper: false)
    },
    c("diag", "vector [3], squared", [I([3])]) { try AD.diag($0[0] * $0[0]) },
    c("diag", "matrix [3,4], squared", [I([3, 4])]) { try AD.diag($0[0] * $0[0]) },
    c("pad", "[2,3] per axis", [I([2, 3])]) {
      try AD.pad($0[0] * $0[0], [[1, 0], [2, 1]], value: 0.5)
    },
    c("pad", "[3] one pair", [I([3])]) { try AD.pad($0[0], [[2, 2]], value: 0) },
    c("sort", "[6] ascending, squared", [I([6])]) { try AD.sort($0[0] * $0[0]) },
    c("sort", "[3,4] axis 0 descending", [I([3, 4])]) {
      try AD.sort($0[0] * $0[0], axis: 0, descending: true)
    },
    c("sort", "[2,3,4] axis 1", [I([2, 3, 4])]) { try AD.sort($0[0], axis: 1) },
    c("split", "[2,5] lengths [2,0,3] axis 1", [I([2, 5])]) {
      let p = try AD.split($0[0], sizes: [2, 0, 3], axis: 1)
      return try AD.sum(p[0] * p[0], axes: [1]) * AD.sum(p[2], axes: [1])
    },
    c("einsum", "ij,jk->ik", [I([2, 3]), I([3, 4])]) { try AD.einsum("ij,jk->ik", $0) },
    c("einsum", "ii->i and bij,bjk,ik (batch), implicit", [I([3, 3]), I([2, 3, 3])]) {
      try AD.einsum("ii->i", [$0[0] * $0[0]]) * AD.einsum("bij,bjk,ik", [$0[1], $0[1], $0[0]])
    },
    c("einsum", "...ij,j->...i and i,j->", [I([2, 2, 3]), I([3])]) {
      try AD.einsum("...ij,j->...i", $0) * AD.einsum("i,j->", [$0[1], $0[1]])
    },
    c("topk", "[6] k 3, squared", [I([6])]) { try AD.topk($0[0] * $0[0], 3).0 },
    c("topk", "[3,4] k 2 axis 0", [I([3, 4])]) { try AD.topk($0[0] * $0[0], 2, axis: 0).0 },
  ]
}
