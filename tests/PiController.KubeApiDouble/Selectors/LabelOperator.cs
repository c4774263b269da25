namespace PiController.KubeApiDouble.Selectors;

/// <summary>How a label requirement compares: = and == are In with one value, != is NotIn with one.</summary>
internal enum LabelOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
