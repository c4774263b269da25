namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>
/// A small CRD of these tests' own (not the project's deploy/crds): a namespaced Widget with a status subresource,
/// a schema with required, minimum/maximum, enum and pattern, and printer columns.
/// </summary>
internal static class TestCrd
{
    public const string Group = "double-test.pi-controller.io";
    public const string Name = "widgets." + Group;

    public const string Yaml = $$$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: {{{Name}}}
        spec:
          group: {{{Group}}}
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wdg]}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            additionalPrinterColumns:
            - {name: Size, type: integer, jsonPath: .spec.size}
            - {name: Color, type: string, jsonPath: .spec.color}
            - {name: Phase, type: string, jsonPath: .status.phase}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size: {type: integer, minimum: 1, maximum: 10}
                      color: {type: string, enum: [red, blue]}
                      label: {type: string, pattern: '^[a-z]+$', maxLength: 8}
                  status:
                    type: object
                    properties:
                      phase: {type: string}
        """;

    /// <summary>A Widget in <paramref name="ns"/>.</summary>
    public static string Widget(string ns, string name, int size, string color = "red", string? finalizer = null) => $$$"""
        apiVersion: {{{Group}}}/v1
        kind: Widget
        metadata:
          name: {{{name}}}
          namespace: {{{ns}}}
        {{{(finalizer is null ? "" : $"  finalizers: [{finalizer}]")}}}
        spec:
          size: {{{size}}}
          color: {{{color}}}
        """;
}
