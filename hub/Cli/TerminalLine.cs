using System.Runtime.CompilerServices;
using PiController.Protocol.Text;

namespace PiController.Hub.Cli;

/// <summary>Builds one line: literal parts as written, each interpolated value escaped for the terminal.</summary>
[InterpolatedStringHandler]
internal ref struct TerminalLine
{
    private DefaultInterpolatedStringHandler _inner;
    private readonly IFormatProvider? _provider;

    public TerminalLine(int literalLength, int formattedCount)
    {
        _inner = new DefaultInterpolatedStringHandler(literalLength, formattedCount);
        _provider = null;
    }

    public TerminalLine(int literalLength, int formattedCount, IFormatProvider provider)
    {
        _inner = new DefaultInterpolatedStringHandler(literalLength, formattedCount, provider);
        _provider = provider;
    }

    public void AppendLiteral(string value) => _inner.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => AppendFormatted(value, 0, null);

    public void AppendFormatted<T>(T value, string? format) => AppendFormatted(value, 0, format);

    public void AppendFormatted<T>(T value, int alignment) => AppendFormatted(value, alignment, null);

    public void AppendFormatted<T>(T value, int alignment, string? format)
    {
        var text = value is IFormattable formattable ? formattable.ToString(format, _provider) : value?.ToString();
        _inner.AppendFormatted(PrintableText.Escape(text), alignment);
    }

    public void AppendFormatted(string? value) => _inner.AppendLiteral(PrintableText.Escape(value));

    public void AppendFormatted(string? value, int alignment = 0, string? format = null) => _inner.AppendFormatted(PrintableText.Escape(value), alignment, format);

    public string ToStringAndClear() => _inner.ToStringAndClear();
}
