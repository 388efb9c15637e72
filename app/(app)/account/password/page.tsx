import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader
        title="Change password"
        description={
          user.mustChangePassword
            ? "You signed in with a one-time password. Choose your own password to continue."
            : "Choose a new password for your account."
        }
      />
      <ChangePasswordForm />
    </>
  );
}
