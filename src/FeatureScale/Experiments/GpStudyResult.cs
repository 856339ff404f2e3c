using FeatureScale.Kernels;

namespace FeatureScale.Experiments;

/// <summary>Result of <see cref="GpStudy.Run"/>.</summary>
public sealed record GpStudyResult(GpConfig Config, string Kernel, double TargetNorm2, GpCurvePoint AtP, IReadOnlyList<GpCurvePoint> Curve, IReadOnlyList<SpectrumDegree> Spectrum);
