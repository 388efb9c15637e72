import { Construction } from "lucide-react";
import { EmptyState } from "@/components/ui/states";
import { PageHeader } from "@/components/ui/page-header";

/** An honest placeholder for a section whose feature has not been built yet. */
export function ComingSoon({ title, description, what }: { title: string; description: string; what: string }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <EmptyState icon={<Construction className="size-8" aria-hidden />} title="Coming soon">
        {what}
      </EmptyState>
    </>
  );
}
