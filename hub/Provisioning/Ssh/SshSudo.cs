namespace PiController.Hub.Provisioning.Ssh;

/// <summary>How a step becomes root on a target (<see cref="SshTarget.Sudo"/>).</summary>
internal enum SshSudo
{
    /// <summary>The login user is root: the script runs as it is.</summary>
    Root,

    /// <summary><c>sudo -k -S -p ''</c>: sudo reads the stored password as the first line of stdin (never argv); <c>-k</c> makes it ask every time, so that line is always read by sudo and never reaches the script.</summary>
    Password,

    /// <summary><c>sudo -n</c>: the user has NOPASSWD; sudo fails at once instead of waiting for a password.</summary>
    NoPassword,
}

/// <summary>The exact command line sent to sshd for a script: a fixed <c>sh -c</c> so the login shell (bash, zsh, fish) does not matter, under sudo when it runs as root.</summary>
internal static class SshCommandLine
{
    public static SshSudo SudoOf(SshTarget target) => target.Sudo switch
    {
        "root" => SshSudo.Root,
        "password" => SshSudo.Password,
        _ => SshSudo.NoPassword,
    };

    /// <summary>The script as the login user.</summary>
    public static string AsUser(string script) => "sh -c " + ShellText.Quote(script);

    /// <summary>The script as root.</summary>
    public static string AsRoot(string script, SshSudo sudo) => sudo switch
    {
        SshSudo.Root => AsUser(script),
        SshSudo.Password => "sudo -k -S -p '' sh -c " + ShellText.Quote(script),
        _ => "sudo -n sh -c " + ShellText.Quote(script),
    };
}
