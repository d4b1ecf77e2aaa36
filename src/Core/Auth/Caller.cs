namespace Governance.Core.Auth;

public enum Role
{
    /// <summary>区民政局 staff: everything.</summary>
    Staff,

    /// <summary>责任单位 (a town or sub-district office): its own assignments only.</summary>
    Unit,
}

/// <summary>Who is calling, as established from the bearer token.</summary>
public sealed record Caller(string TokenId, Role Role, string? Unit, string Name)
{
    public bool IsStaff => Role == Role.Staff;

    /// <summary>How the caller appears in audit records.</summary>
    public string Label => IsStaff ? $"区民政局:{Name}" : $"{Unit}";

    public void EnsureStaff()
    {
        if (!IsStaff)
        {
            throw AccessProblems.StaffOnly();
        }
    }

    public void EnsureUnit(string unit)
    {
        if (!IsStaff && !string.Equals(Unit, unit, StringComparison.Ordinal))
        {
            throw AccessProblems.NotYourUnit(unit);
        }
    }
}
